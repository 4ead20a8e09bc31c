package io.digitctl.render;

import io.digitctl.plan.DeployPlan;
import io.digitctl.plan.ServiceDeploy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Renders all services of a plan, several at once, and returns them in plan order. */
public final class PlanRenderer {
    private final ChartRenderer renderer;

    public PlanRenderer(ChartRenderer renderer) {
        this.renderer = renderer;
    }

    public RenderReport render(DeployPlan plan, RenderOptions options, Consumer<ServiceRender> onEach) {
        long start = System.nanoTime();
        List<ServiceDeploy> services = plan.services();
        List<ServiceRender> results = new ArrayList<>(services.size());
        int threads = Math.max(1, Math.min(options.parallelism(), Math.max(1, services.size())));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, "render");
            t.setDaemon(true);
            return t;
        });
        try (RenderWorkspace workspace = new RenderWorkspace()) {
            List<Future<ServiceRender>> futures = new ArrayList<>();
            for (ServiceDeploy service : services) {
                futures.add(pool.submit(() -> {
                    ServiceRender result = renderer.render(service, options, workspace);
                    onEach.accept(result);
                    return result;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(futures.get(i), services.get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
        return new RenderReport(plan, List.copyOf(results), (System.nanoTime() - start) / 1_000_000);
    }

    private static ServiceRender await(Future<ServiceRender> future, ServiceDeploy service) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServiceRender.Failed(service, "interrupted before it finished rendering", 0);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new ServiceRender.Failed(service, "unexpected error while rendering: " + cause, 0);
        }
    }
}
