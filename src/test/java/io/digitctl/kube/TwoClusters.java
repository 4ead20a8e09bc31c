package io.digitctl.kube;

import io.digitctl.TestTrees;
import io.digitctl.cli.CliRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Two fresh MockClusters, one per environment of the example tree: {@code dev} and {@code e2e},
 * each env file pointing at its own kube context of one kubeconfig; for tests outside this package
 * (the web dashboard's).
 */
public final class TwoClusters implements AutoCloseable {
    public static final List<String> ENVIRONMENTS = List.of("dev", "e2e");

    private final Map<String, MockCluster> clusters = Map.of("dev", new MockCluster().rolloutTime(60), "e2e", new MockCluster().rolloutTime(60));
    private final Path helm;
    private final Path kubeconfig;
    private final String demoKey;

    public TwoClusters(Path dir) {
        helm = dir.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        demoKey = TestTrees.examples().resolveSibling("keys/dev-demo.agekey").toString();
        StringBuilder config = new StringBuilder("apiVersion: v1\nkind: Config\ncurrent-context: dev\nusers:\n  - name: tester\n    user:\n      token: test-token\n");
        StringBuilder contexts = new StringBuilder("contexts:\n");
        config.append("clusters:\n");
        for (String env : ENVIRONMENTS) {
            config.append("  - name: ").append(env).append("\n    cluster:\n      server: ").append(clusters.get(env).url().replaceAll("/$", "")).append('\n');
            contexts.append("  - name: ").append(env).append("\n    context:\n      cluster: ").append(env).append("\n      user: tester\n      namespace: default\n");
            Path envFile = helm.resolve("environments/" + env + ".yaml");
            try {
                Files.writeString(envFile, Files.readString(envFile).replaceFirst("(?m)^global:\n", "global:\n  kubeContext: " + env + "\n"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // a third context whose cluster is not there: an environment "gone" can point at it
        config.append("  - name: gone\n    cluster:\n      server: http://127.0.0.1:9\n");
        contexts.append("  - name: gone\n    context:\n      cluster: gone\n      user: tester\n");
        try {
            kubeconfig = Files.writeString(dir.resolve("kubeconfig"), config.append(contexts).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds an environment {@code gone} whose cluster does not answer. */
    public TwoClusters withUnreachableEnvironment() {
        TestTrees.write(helm, "environments/gone.yaml", "global:\n  kubeContext: gone\n  namespace: egov\n");
        return this;
    }

    public Path helm() {
        return helm;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The example release Demo demo-v1.0, with cluster-configs, to one environment. */
    public CliRun deployRelease(String env, String version) {
        List<String> args = new ArrayList<>(List.of("-e", env, "-s", "Demo", "-v", version));
        args.addAll(List.of("-c", "--age-key-file", demoKey));
        return digitctl("deploy", args.toArray(String[]::new));
    }

    /** A digitctl command against both clusters and the tree copy, with quick polling for deploy and rollback. */
    public CliRun digitctl(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--helm-dir", helm.toString(), "--kubeconfig", kubeconfig.toString()));
        if (command.equals("deploy") || command.equals("rollback")) {
            all.addAll(List.of("--poll", "50ms", "--pod-problem-grace", "200ms", "--timeout", "20s"));
        }
        all.addAll(Arrays.asList(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** The image of a Deployment in namespace egov of an environment's cluster. */
    public String image(String env, String deployment) {
        Map<String, Object> d = clusters.get(env).stored("/apis/apps/v1/namespaces/egov/deployments/" + deployment);
        return d == null ? null : String.valueOf(KubeObjects.list(d, "spec", "template", "spec", "containers").get(0).get("image"));
    }

    @Override
    public void close() {
        clusters.values().forEach(MockCluster::close);
    }
}
