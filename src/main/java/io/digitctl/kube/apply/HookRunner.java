package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.health.HealthStatus;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.digitctl.render.HelmHook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the Helm hooks of one event for one service, as Helm 3 does: in weight order, then kind
 * order, then name; each hook is created afresh when its policy says {@code before-hook-creation}
 * (the default; Jobs are immutable, so a Job hook of an earlier deploy must go first); Jobs and Pods
 * are waited for until they succeed; {@code hook-succeeded} and {@code hook-failed} delete the hook
 * afterwards. A failed hook stops the event and names the hook and why.
 */
public final class HookRunner {
    /** What running the hooks of one event did. */
    public record Result(List<Map<String, Object>> applied, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private static final Comparator<Map<String, Object>> HELM_ORDER = Comparator
            .<Map<String, Object>>comparingInt(o -> HelmHook.of(o).map(HelmHook::weight).orElse(0))
            .thenComparing(KindOrder.OBJECTS)
            .thenComparing(o -> String.valueOf(KubeObjects.metadata(o).get("name")));

    private final ClusterGateway cluster;
    private final ServiceApplier applier;
    private final RolloutWaiter waiter;
    private final Duration poll;

    public HookRunner(ClusterGateway cluster, ServiceApplier applier, RolloutWaiter waiter, Duration poll) {
        this.cluster = cluster;
        this.applier = applier;
        this.waiter = waiter;
        this.poll = poll;
    }

    /** The hooks among {@code hooks} that run on {@code event}, in the order Helm runs them. */
    public static List<Map<String, Object>> forEvent(List<Map<String, Object>> hooks, String event) {
        return hooks.stream().filter(o -> HelmHook.of(o).map(h -> h.runsOn(event)).orElse(false)).sorted(HELM_ORDER).toList();
    }

    /**
     * As Helm's execHook: a hook that fails is deleted if its policy says {@code hook-failed}; the
     * {@code hook-succeeded} ones are deleted only once every hook of the event has succeeded, last
     * first, since later hooks may need earlier ones (a Job needs the ServiceAccount hook before it).
     */
    public Result run(String event, List<Map<String, Object>> hooks, Deadline deadline, Consumer<String> progress) {
        List<Map<String, Object>> applied = new ArrayList<>();
        for (Map<String, Object> hook : forEvent(hooks, event)) {
            HelmHook spec = HelmHook.of(hook).orElseThrow();
            String name = event + " hook " + KubeObjects.key(hook);
            HealthStatus outcome;
            try {
                if (spec.deletePolicies().contains(HelmHook.BEFORE_HOOK_CREATION)) {
                    deleteAndAwaitGone(hook, deadline);
                }
                progress.accept("running " + name);
                applier.applyOne(hook, deadline);
                applied.add(hook);
                outcome = awaitCompletion(hook, deadline, progress);
            } catch (DigitctlException e) {
                return new Result(applied, name + " could not be applied: " + e.getMessage());
            }
            if (!outcome.isHealthy()) {
                if (spec.deletePolicies().contains(HelmHook.HOOK_FAILED)) {
                    deleteQuietly(hook);
                }
                return new Result(applied, name + " failed: " + outcome.message());
            }
        }
        List<Map<String, Object>> succeeded = new ArrayList<>(applied);
        java.util.Collections.reverse(succeeded);
        for (Map<String, Object> hook : succeeded) {
            if (HelmHook.of(hook).orElseThrow().deletePolicies().contains(HelmHook.HOOK_SUCCEEDED)) {
                deleteQuietly(hook);
            }
        }
        return new Result(applied, null);
    }

    /** Deletes a finished hook by its policy; a CRD never, as in Helm, since deleting it deletes its resources. */
    private void deleteQuietly(Map<String, Object> hook) {
        if ("CustomResourceDefinition".equals(hook.get("kind"))) {
            return;
        }
        try {
            delete(hook);
        } catch (DigitctlException e) {
            // the hook did its work; a leftover is replaced by the next before-hook-creation
        }
    }

    private HealthStatus awaitCompletion(Map<String, Object> hook, Deadline deadline, Consumer<String> progress) {
        String kind = String.valueOf(hook.get("kind"));
        if (kind.equals("Job")) {
            return waiter.await(List.of(hook), deadline, progress);
        }
        if (kind.equals("Pod")) {
            return awaitPod(hook, deadline);
        }
        return HealthStatus.healthy("applied");
    }

    private HealthStatus awaitPod(Map<String, Object> hook, Deadline deadline) {
        ResourceKey key = KubeObjects.key(hook);
        while (true) {
            Object phase = cluster.get(KubeObjects.apiVersion(hook), key).map(p -> KubeObjects.at(p, "status", "phase")).orElse(null);
            if ("Succeeded".equals(phase)) {
                return HealthStatus.healthy("Pod succeeded");
            }
            if ("Failed".equals(phase)) {
                return HealthStatus.degraded("Pod " + key.name() + " failed");
            }
            if (deadline.passed()) {
                return HealthStatus.degraded("timed out after " + deadline.total().toSeconds() + "s: Pod " + key.name() + " is " + phase);
            }
            pause();
        }
    }

    private void deleteAndAwaitGone(Map<String, Object> hook, Deadline deadline) {
        ResourceKey key = KubeObjects.key(hook);
        if (!delete(hook)) {
            return;
        }
        while (cluster.get(KubeObjects.apiVersion(hook), key).isPresent()) {
            if (deadline.passed()) {
                throw new DigitctlException("the earlier " + key + " was deleted but is still there after " + deadline.total().toSeconds() + "s");
            }
            pause();
        }
    }

    private boolean delete(Map<String, Object> hook) {
        return applier.delete(KubeObjects.apiVersion(hook), KubeObjects.key(hook));
    }

    private void pause() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DigitctlException("Interrupted while running hooks.");
        }
    }
}
