package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.Fabric8Gateway;
import io.digitctl.kube.KubeConnector;
import io.digitctl.kube.Retry;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.lock.EnvironmentLock;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.Environment;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tree, one of its environments and a connection to that environment's cluster: the context
 * from --context, else the env file's {@code global.kubeContext}, else the kubeconfig's current one.
 */
final class ClusterSession implements AutoCloseable {
    final DeployTree tree;
    final Environment env;
    final Fabric8Gateway cluster;

    private ClusterSession(DeployTree tree, Environment env, Fabric8Gateway cluster) {
        this.tree = tree;
        this.env = env;
        this.cluster = cluster;
    }

    /**
     * For {@code status}, {@code history} and {@code rollback}, which need only the cluster and its
     * ledger: with the env file when there is one; without it (no tree, or no environments/ENV.yaml),
     * connected through --kubeconfig and --context or the kubeconfig's current context, with a
     * one-line note that {@code global.kubeContext} was not read. Then {@link #tree} is null.
     */
    static ClusterSession openForLedger(Path helmDir, String environment, KubeConnector.Target target,
                                        ProgressListener progress) {
        Path envDir = helmDir == null ? null : helmDir.resolve("environments");
        if (hasEnvFile(helmDir, environment)) {
            return open(helmDir, environment, target);
        }
        if (envDir != null && Files.isDirectory(envDir)) {
            // a tree with environments, but not this one: a misspelt name, which must not read as "nothing recorded"
            new DeployTree(helmDir).environment(environment);
        }
        progress.info("note: no env file for environment " + environment + " (" + (helmDir == null || !Files.isDirectory(helmDir)
                ? "no helm folder" + (helmDir == null ? "" : " at " + helmDir.toAbsolutePath().normalize())
                : envDir.toAbsolutePath().normalize().resolve(environment + ".yaml") + " does not exist")
                + "), so global.kubeContext was not read; using " + (target.context() != null ? "context " + target.context()
                : "the kubeconfig's current context") + ".");
        Environment env = new Environment(environment, null, io.digitctl.tree.YamlDocument.parse(null, "{}"), null);
        return new ClusterSession(null, env, KubeConnector.connect(target, Retry.DEFAULT));
    }

    /** Whether the tree (null: none) has an env file for the environment, as ENV.yaml or ENV.yml. */
    static boolean hasEnvFile(Path helmDir, String environment) {
        Path envDir = helmDir == null ? null : helmDir.resolve("environments");
        return envDir != null && (Files.isRegularFile(envDir.resolve(environment + ".yaml")) || Files.isRegularFile(envDir.resolve(environment + ".yml")));
    }

    static ClusterSession open(Path helmDir, String environment, KubeConnector.Target target) {
        DeployTree tree = new DeployTree(helmDir);
        Environment env = tree.environment(environment);
        String context = target.context() != null ? target.context() : env.global("kubeContext").orElse(null);
        return new ClusterSession(tree, env, KubeConnector.connect(new KubeConnector.Target(target.kubeconfig(), context), Retry.DEFAULT));
    }

    /**
     * The plan of a request, with the tags that run now for untagged images, rendered for the
     * cluster's Kubernetes version (unless --kube-version says otherwise); a chart that fails to
     * render stops everything, before anything reaches the cluster. {@code recorded} says which
     * services need not be rendered, as their last deploy was rendered from the same inputs.
     */
    RenderResult render(DeployRequest request, ProgressListener progress, String refusal,
                        io.digitctl.render.RecordedRenders recorded) {
        io.digitctl.plan.DeployPlan plan = RenderAction.plan(tree, request, new io.digitctl.kube.apply.ClusterTags(cluster, env.name()));
        if (request.includeClusterConfigs()) {
            plan = RenderAction.withClusterConfigs(tree, plan);
        }
        String kubeVersion = request.kubeVersion() != null ? request.kubeVersion() : cluster.serverVersion();
        return refuseFailures(new RenderAction(progress).render(env, plan, kubeVersion, request.parallelism(),
                request.includeClusterConfigs() ? request.keys() : null, request.ignoreMac(), recorded), refusal);
    }

    /** Renders, for real, services of an earlier render whose recorded objects could not stand in for their render. */
    RenderResult renderAgain(RenderResult before, java.util.Set<String> services, int parallelism,
                             ProgressListener progress, String refusal) {
        return refuseFailures(new RenderAction(progress).renderAgain(env, before, services, parallelism), refusal);
    }

    private static RenderResult refuseFailures(RenderResult rendered, String refusal) {
        if (!rendered.report().ok()) {
            throw new io.digitctl.model.DigitctlException(refusal + rendered.report().failures().size() + " service(s) failed to render:\n  - "
                    + String.join("\n  - ", rendered.report().failures().stream().map(io.digitctl.render.ServiceRender.Failed::message).toList()));
        }
        return rendered;
    }

    Ledger ledger() {
        return new Ledger(cluster, env.name());
    }

    /** The volatile paths of the env file and those given on the command line. */
    io.digitctl.kube.apply.VolatilePaths volatilePaths(java.util.List<String> given) {
        java.util.List<String> all = new java.util.ArrayList<>(env.volatilePaths());
        all.addAll(given);
        return io.digitctl.kube.apply.VolatilePaths.with(all);
    }

    /** Where namespaced objects that name no namespace go. */
    String defaultNamespace() {
        return env.global("namespace").orElse("default");
    }

    static String user() {
        return Actor.current().orElseGet(() -> System.getProperty("user.name", "unknown"));
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /**
     * Takes the environment's lock for {@code action}. With {@code forceUnlock}, a lock held by
     * another digitctl is removed first (asking when its holder looks alive).
     */
    EnvironmentLock lock(String action, boolean forceUnlock, ProgressListener progress) {
        if (forceUnlock) {
            progress.warn(EnvironmentLock.forceRelease(cluster, env.name(), ApplyOptions.LEDGER_NAMESPACE, progress::confirm));
        }
        return EnvironmentLock.acquire(cluster, env.name(), ApplyOptions.LEDGER_NAMESPACE, identity(), action);
    }

    /** Who holds a lock: user@host and process id. */
    static String identity() {
        return user() + "@" + host() + " (pid " + ProcessHandle.current().pid() + ")";
    }

    @Override
    public void close() {
        cluster.close();
    }
}
