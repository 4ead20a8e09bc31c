package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.TagSource;
import io.digitctl.plan.DeployPlan;
import io.digitctl.plan.PlanLevel;
import io.digitctl.plan.Planner;
import io.digitctl.plan.ServiceDeploy;
import io.digitctl.plan.TagResolver;
import io.digitctl.render.CacheDir;
import io.digitctl.render.ChartRenderer;
import io.digitctl.render.ChartStager;
import io.digitctl.render.PlanRenderer;
import io.digitctl.render.RecordedRenders;
import io.digitctl.render.RenderOptions;
import io.digitctl.render.RenderReport;
import io.digitctl.render.ServiceRender;
import io.digitctl.secrets.SecretsFiles;
import io.digitctl.secrets.keys.KeySettings;
import io.digitctl.tree.ChartEntry;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.Environment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tree → plan → render, with no cluster: what {@code deploy --print} and {@code --output-dir} show. */
public final class RenderAction {
    private final ProgressListener progress;

    public RenderAction(ProgressListener progress) {
        this.progress = progress;
    }

    public RenderResult run(DeployRequest request) {
        DeployTree tree = new DeployTree(request.helmDir());
        Environment env = tree.environment(request.environment());
        DeployPlan plan = plan(tree, request);
        if (request.includeClusterConfigs()) {
            plan = withClusterConfigs(tree, plan);
        }
        return render(env, plan, request.kubeVersion(), request.parallelism(),
                request.includeClusterConfigs() ? request.keys() : null, request.ignoreMac(), RecordedRenders.NONE);
    }

    /** Every chart of the tree with one tag, cluster-configs with the env's secrets: for conformance checks and benchmarks. */
    public RenderResult runEveryChart(Path helmDir, String environment, String tag, String kubeVersion, int parallelism, KeySettings keys) {
        DeployTree tree = new DeployTree(helmDir);
        Environment env = tree.environment(environment);
        return render(env, new Planner(tree, TagResolver.OFFLINE).forEveryChart(tag), kubeVersion, parallelism, keys, false,
                RecordedRenders.NONE);
    }

    /**
     * Renders the plan; with {@code secretKeys}, cluster-configs also gets the env's secrets file, decrypted in memory.
     * The services that {@code recorded} names are not rendered.
     */
    RenderResult render(Environment env, DeployPlan plan, String kubeVersionFlag, int parallelism, KeySettings secretKeys,
                        boolean ignoreMac, RecordedRenders recorded) {
        if (secretKeys == null || env.secrets().isEmpty()) {
            return render(env, plan, kubeVersionFlag, parallelism, List.of(), recorded);
        }
        try (SecretsFiles secrets = SecretsFiles.open(env.secrets().get(), secretKeys, ignoreMac)) {
            secrets.warnings().forEach(progress::warn);
            return render(env, plan, kubeVersionFlag, parallelism, List.of(secrets.path()), recorded);
        }
    }

    /**
     * Renders, for real, some services of an earlier render of the plan, and returns the whole render with
     * theirs in place. These services never take the secrets file: it is not part of what a record stands in for.
     */
    RenderResult renderAgain(Environment env, RenderResult before, Set<String> services, int parallelism) {
        DeployPlan plan = before.plan();
        List<PlanLevel> levels = new ArrayList<>();
        for (PlanLevel level : plan.levels()) {
            List<ServiceDeploy> again = level.services().stream().filter(s -> services.contains(s.service())).toList();
            if (!again.isEmpty()) {
                levels.add(new PlanLevel(level.number(), level.modules(), again));
            }
        }
        DeployPlan subset = new DeployPlan(plan.description(), List.copyOf(levels), List.of(), List.of());
        RenderOptions options = new RenderOptions(env.file(), before.kubeVersion(), List.of(), parallelism);
        RenderReport again = planRenderer().render(subset, options, progress::serviceRendered);
        Map<String, ServiceRender> renewed = new HashMap<>();
        again.services().forEach(r -> renewed.put(r.service(), r));
        List<ServiceRender> merged = before.report().services().stream().map(r -> renewed.getOrDefault(r.service(), r)).toList();
        return new RenderResult(plan, new RenderReport(plan, merged, before.report().wallMillis() + again.wallMillis()), before.kubeVersion());
    }

    private RenderResult render(Environment env, DeployPlan plan, String kubeVersionFlag, int parallelism, List<Path> extraValues,
                                RecordedRenders recorded) {
        plan.warnings().forEach(w -> progress.warn(w.message()));
        String kubeVersion = KubeVersions.choose(kubeVersionFlag, env);
        progress.planned(plan);
        progress.info("Rendering " + plan.size() + " service" + (plan.size() == 1 ? "" : "s") + " of " + plan.description()
                + " for environment " + env.name() + " (Kubernetes " + kubeVersion + ")");
        RenderOptions options = new RenderOptions(env.file(), kubeVersion, extraValues, parallelism, recorded);
        RenderReport report = planRenderer().render(plan, options, progress::serviceRendered);
        return new RenderResult(plan, report, kubeVersion);
    }

    private static PlanRenderer planRenderer() {
        return new PlanRenderer(new ChartRenderer(new ChartStager(CacheDir.resolve())));
    }

    static DeployPlan plan(DeployTree tree, DeployRequest request) {
        return plan(tree, request, TagResolver.OFFLINE);
    }

    static DeployPlan plan(DeployTree tree, DeployRequest request, TagResolver tags) {
        Planner planner = new Planner(tree, tags);
        if (request.isRelease()) {
            ReleaseChart release = tree.releases().load(request.product(), request.version());
            return planner.forRelease(release, request.modules(), request.skipMissing());
        }
        if (!request.modules().isEmpty()) {
            throw new DigitctlException("--modules selects modules of a release; give the release with -s PRODUCT -v VERSION.");
        }
        return planner.forImages(request.images(), request.skipMissing());
    }

    /** The reference's -c: the env's cluster-configs chart goes before everything else. */
    static DeployPlan withClusterConfigs(DeployTree tree, DeployPlan plan) {
        ChartEntry chart = tree.charts().find(ChartRenderer.CLUSTER_CONFIGS).orElseThrow(() -> new DigitctlException(
                "-c needs a '" + ChartRenderer.CLUSTER_CONFIGS + "' chart under " + tree.chartsDir() + ", and there is none."));
        ServiceDeploy clusterConfigs = new ServiceDeploy(ChartRenderer.CLUSTER_CONFIGS, null, chart, null, null, null,
                TagSource.CHART_DEFAULT);
        List<PlanLevel> levels = new ArrayList<>();
        levels.add(new PlanLevel(0, List.of(ChartRenderer.CLUSTER_CONFIGS), List.of(clusterConfigs)));
        for (PlanLevel level : plan.levels()) {
            List<ServiceDeploy> others = level.services().stream()
                    .filter(s -> !s.service().equals(ChartRenderer.CLUSTER_CONFIGS)).toList();
            if (!others.isEmpty()) {
                levels.add(new PlanLevel(level.number(), level.modules(), others));
            }
        }
        return new DeployPlan(plan.description() + " with cluster-configs", List.copyOf(levels), plan.skipped(), plan.warnings());
    }
}
