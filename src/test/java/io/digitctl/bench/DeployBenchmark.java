package io.digitctl.bench;

import io.digitctl.TestTrees;
import io.digitctl.action.ApplyOptions;
import io.digitctl.action.DeployAction;
import io.digitctl.action.DeployRequest;
import io.digitctl.action.DeployResult;
import io.digitctl.event.ProgressListener;
import io.digitctl.kube.KubeConnector;
import io.digitctl.kube.MockCluster;
import io.digitctl.kube.DigitTreeCopy;
import io.digitctl.secrets.keys.KeySettings;

import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploy speed with 50 ms of latency on every API request (run with {@code mvn -Pbench test}): the
 * example release; a synthetic 40-service release in one level (the median of three deploys), against the same 40 services
 * deployed one at a time (a chain of 40 levels); DIGIT's real digit-core-v2.9 from ../shared, first
 * deployed, then redeployed unchanged, then with one changed tag; and the peak heap of the
 * 40-service deploy. It prints; it asserts only that the deploys succeed, so that timing noise
 * never fails a build.
 */
@Tag("bench")
class DeployBenchmark {
    private static final long LATENCY_MILLIS = 50;
    private static final long ROLLOUT_MILLIS = 500;

    @TempDir
    Path tmp;

    @Test
    void deploySpeedWithLatency() throws Exception {
        Path example = tmp.resolve("example");
        TestTrees.copy(TestTrees.examples(), example);
        Path synthetic = syntheticTree(tmp.resolve("synthetic"), 40, false);
        Path chain = syntheticTree(tmp.resolve("chain"), 40, true);

        long exampleParallel = fresh(example, "dev", "Demo", "demo-v1.0", 4).millis;
        long exampleSerial = fresh(example, "dev", "Demo", "demo-v1.0", 1).millis;
        resetPeakHeap();
        Timed syntheticRun = fresh(synthetic, "dev", "Synthetic", "synthetic-v1", 4);
        long peakHeap = peakHeap();
        // a run of a few seconds varies with the JIT and the machine: the median of three, each on a fresh cluster
        List<Long> syntheticRuns = new java.util.ArrayList<>(List.of(syntheticRun.millis));
        for (int i = 0; i < 2; i++) {
            syntheticRuns.add(fresh(synthetic, "dev", "Synthetic", "synthetic-v1", 4).millis);
        }
        long syntheticMedian = syntheticRuns.stream().sorted().toList().get(1);
        long syntheticWrites1 = fresh(synthetic, "dev", "Synthetic", "synthetic-v1", 1).millis;
        long oneAtATime = fresh(chain, "dev", "Synthetic", "synthetic-v1", 4).millis;

        System.out.printf("%n== deploy benchmark: %d ms latency per API request, %d ms rollout per workload ==%n", LATENCY_MILLIS, ROLLOUT_MILLIS);
        System.out.printf("example release (6 services with cluster-configs, 4 levels): --parallel 4: %d ms, --parallel 1: %d ms, ratio %.2fx%n",
                exampleParallel, exampleSerial, (double) exampleSerial / exampleParallel);
        System.out.printf("synthetic release (40 services, %d objects, 1 level): --parallel 4: %d ms (median of %s); --parallel 1 (one write at a time):"
                        + " %d ms; one service at a time (40 levels): %d ms, ratio %.2fx [target >= 10x]%n",
                syntheticRun.objects, syntheticMedian, syntheticRuns, syntheticWrites1, oneAtATime, (double) oneAtATime / syntheticMedian);
        System.out.printf("peak heap during the 40-service deploy (test JVM, mock API server included): %d MB [target < 512 MB]%n",
                peakHeap / (1024 * 1024));
        digitRelease();
        System.out.println();
    }

    /** DIGIT's real release on one cluster: a first deploy, an identical redeploy, a redeploy with one changed tag. */
    private void digitRelease() throws Exception {
        try {
            TestTrees.digitDevops();
        } catch (org.opentest4j.TestAbortedException absent) {
            System.out.println("DIGIT's digit-core-v2.9: skipped, ../shared is absent");
            return;
        }
        Path helm = DigitTreeCopy.prepare(tmp.resolve("digit"));
        try (MockCluster cluster = new MockCluster().latency(LATENCY_MILLIS).rolloutTime(ROLLOUT_MILLIS)) {
            Timed first = deploy(cluster, helm, "egov-demo", "DIGIT", "digit-core-v2.9", 4);
            Timed same = deploy(cluster, helm, "egov-demo", "DIGIT", "digit-core-v2.9", 4);
            Path release = helm.resolve("product-release-charts/DIGIT/dependency_chart-digit-core-v2.9.yaml");
            Files.writeString(release, Files.readString(release).replace("egov-user:v1.2.8-9fde481-19", "egov-user:v1.2.9-abcdef0-20"));
            Timed oneTag = deploy(cluster, helm, "egov-demo", "DIGIT", "digit-core-v2.9", 4);
            System.out.printf("DIGIT digit-core-v2.9 (44 services, %d objects): first deploy %d ms; identical redeploy %d ms (%.2f of the first,"
                            + " target <= 0.10); one changed tag %d ms (%.2f, target <= 0.20)%n", first.objects, first.millis, same.millis,
                    (double) same.millis / first.millis, oneTag.millis, (double) oneTag.millis / first.millis);
        }
    }

    private record Timed(long millis, int objects) {
    }

    private Timed fresh(Path helm, String env, String product, String version, int parallel) {
        try (MockCluster cluster = new MockCluster().latency(LATENCY_MILLIS).rolloutTime(ROLLOUT_MILLIS)) {
            return deploy(cluster, helm, env, product, version, parallel);
        }
    }

    private Timed deploy(MockCluster cluster, Path helm, String env, String product, String version, int parallel) {
        Path kubeconfig = cluster.kubeconfig(tmp);
        KeySettings keys = KeySettings.fromEnvironment(List.of(TestTrees.examples().resolveSibling("keys/dev-demo.agekey")), List.of());
        DeployRequest request = new DeployRequest(helm, env, List.of(), product, version, List.of(), true, null, 2, true, keys, false);
        ApplyOptions options = new ApplyOptions(new KubeConnector.Target(kubeconfig, "mock"), Duration.ofMinutes(2),
                Duration.ofMillis(100), Duration.ofSeconds(5), parallel, false, false, false);
        long start = System.nanoTime();
        DeployResult result = new DeployAction(ProgressListener.SILENT).run(request, options);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.ok()).as(result.services().toString()).isTrue();
        return new Timed(millis, result.services().stream().mapToInt(s -> s.applied().size()).sum());
    }

    /** The example tree's common chart and env, with {@code count} services of four objects each in one module. */
    static Path syntheticTree(Path root, int count, boolean oneAtATime) {
        TestTrees.copy(TestTrees.examples().resolve("charts/common"), root.resolve("charts/common"));
        TestTrees.copy(TestTrees.examples().resolve("charts/cluster-configs"), root.resolve("charts/cluster-configs"));
        write(root, "environments/dev.yaml", "global:\n  domain: bench.example.org\n  namespace: egov\n  containerRegistry: egovio\n"
                + "cluster-configs:\n  namespaces:\n    create: true\n    values: [egov]\n  configmaps:\n    egov-config:\n"
                + "      namespace: [egov]\n      data:\n        db-url: jdbc:postgresql://db:5432/egov\n        db-host: db\n        db-name: egov\n");
        write(root, "environments/dev-secrets.yaml", "cluster-configs:\n  secrets:\n    db:\n      username: bench\n      password: bench\n"
                + "      flywayUsername: bench\n      flywayPassword: bench\n");
        StringBuilder release = new StringBuilder("version: v1\nmodules:\n");
        if (!oneAtATime) {
            release.append("  - name: m_synthetic\n    services:\n");
        }
        for (int i = 1; i <= count; i++) {
            String name = String.format("svc-%02d", i);
            String dir = "charts/synthetic/" + name + "/";
            write(root, dir + "Chart.yaml", "apiVersion: v2\nname: " + name + "\nversion: 0.1.0\ndependencies:\n  - name: common\n    version: 0.1.0\n    repository: file://../../common\n");
            write(root, dir + "values.yaml", "image:\n  repository: " + name + "\ncontextPath: /" + name + "\ningress: true\nhealthChecks:\n  enabled: false\n");
            write(root, dir + "templates/deployment.yaml", "{{- template \"common.deployment\" . -}}\n");
            write(root, dir + "templates/service.yaml", "{{- template \"common.service\" . -}}\n");
            write(root, dir + "templates/ingress.yaml", "{{- template \"common.ingress\" . -}}\n");
            write(root, dir + "templates/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name
                    + "-config\n  namespace: egov\ndata:\n  service: " + name + "\n");
            if (oneAtATime) {
                release.append("  - name: m_synthetic_").append(i).append('\n');
                if (i > 1) {
                    release.append("    dependencies: [m_synthetic_").append(i - 1).append("]\n");
                }
                release.append("    services:\n");
            }
            release.append("      - egovio/").append(name).append(":v1.0.0-0000000-1\n");
        }
        write(root, "product-release-charts/Synthetic/dependency_chart-synthetic-v1.yaml", release.toString());
        return root;
    }

    private static void resetPeakHeap() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
