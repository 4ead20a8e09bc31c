package io.digitctl.kube;

import io.digitctl.TestTrees;
import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A MockCluster, a kubeconfig for it, a private copy of the example tree, and the CLI pointed at both. */
abstract class ClusterTestBase {
    @TempDir
    Path tmp;
    MockCluster cluster;
    Path kubeconfig;
    Path helm;
    String demoKey;

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster().rolloutTime(60);
        kubeconfig = cluster.kubeconfig(tmp);
        helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        demoKey = TestTrees.examples().resolveSibling("keys/dev-demo.agekey").toString();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** A digitctl command against the cluster and the tree copy, with quick polling. */
    CliRun digitctl(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--helm-dir", helm.toString(), "--kubeconfig", kubeconfig.toString()));
        if (command.equals("deploy") || command.equals("rollback")) {
            List<String> given = Arrays.asList(args);
            Map.of("--poll", "50ms", "--pod-problem-grace", "200ms", "--timeout", "20s").forEach((flag, value) -> {
                if (!given.contains(flag)) {
                    all.addAll(List.of(flag, value));
                }
            });
        }
        all.addAll(Arrays.asList(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    /**
     * The example release, with its cluster-configs (-c) unless the test gives -c itself: as on a real
     * cluster, the services' pods need the config map and DB secret that cluster-configs makes.
     */
    CliRun deployRelease(String... extra) {
        List<String> args = new ArrayList<>(List.of("-e", "dev", "-s", "Demo", "-v", "demo-v1.0"));
        if (!Arrays.asList(extra).contains("-c")) {
            args.addAll(List.of("-c", "--age-key-file", demoKey));
        }
        args.addAll(Arrays.asList(extra));
        return digitctl("deploy", args.toArray(String[]::new));
    }

    Map<String, Object> deployment(String name) {
        return cluster.stored("/apis/apps/v1/namespaces/egov/deployments/" + name);
    }

    static String image(Map<String, Object> deployment) {
        return String.valueOf(KubeObjects.list(deployment, "spec", "template", "spec", "containers").get(0).get("image"));
    }
}
