package io.digitctl.bench;

import io.digitctl.TestTrees;
import io.digitctl.action.ApplyOptions;
import io.digitctl.action.DeployAction;
import io.digitctl.action.DeployRequest;
import io.digitctl.action.DeployResult;
import io.digitctl.event.ProgressListener;
import io.digitctl.kube.KubeConnector;
import io.digitctl.kube.MockCluster;
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
 * Deploy speed with 50 ms of latency on every API request (run with {@code mvn -Pbench test}):
 * the example release and a synthetic 40-service release, with the default parallelism and with
 * --parallel 1, and the peak heap of the 40-service deploy. It prints; it asserts only that the
 * deploys succeed, so that timing noise never fails a build.
 */
@Tag("bench")
class DeployBenchmark {
    private static final long LATENCY_MILLIS = 50;
    private static final long ROLLOUT_MILLIS = 500;

    @TempDir
    Path tmp;

    @Test
    void deploySpeedWithLatency() {
        Path example = tmp.resolve("example");
        TestTrees.copy(TestTrees.examples(), example);
        Path synthetic = syntheticTree(tmp.resolve("synthetic"), 40);

        long exampleParallel = deploy(example, "Demo", "demo-v1.0", 4).millis;
        long exampleSerial = deploy(example, "Demo", "demo-v1.0", 1).millis;
        resetPeakHeap();
        Timed syntheticRun = deploy(synthetic, "Synthetic", "synthetic-v1", 4);
        long peakHeap = peakHeap();
        long syntheticSerial = deploy(synthetic, "Synthetic", "synthetic-v1", 1).millis;

        System.out.printf("%n== deploy benchmark: %d ms latency per API request, %d ms rollout per workload ==%n", LATENCY_MILLIS, ROLLOUT_MILLIS);
        System.out.printf("example release (5 services, 3 levels): --parallel 4: %d ms, --parallel 1: %d ms, ratio %.2fx%n",
                exampleParallel, exampleSerial, (double) exampleSerial / exampleParallel);
        System.out.printf("synthetic release (40 services, %d objects, 1 level): --parallel 4: %d ms, --parallel 1: %d ms, ratio %.2fx [target >= 4x]%n",
                syntheticRun.objects, syntheticRun.millis, syntheticSerial, (double) syntheticSerial / syntheticRun.millis);
        System.out.printf("peak heap during the 40-service deploy (test JVM, mock API server included): %d MB [target < 512 MB]%n%n",
                peakHeap / (1024 * 1024));
    }

    private record Timed(long millis, int objects) {
    }

    private Timed deploy(Path helm, String product, String version, int parallel) {
        try (MockCluster cluster = new MockCluster().latency(LATENCY_MILLIS).rolloutTime(ROLLOUT_MILLIS)) {
            Path kubeconfig = cluster.kubeconfig(tmp);
            DeployRequest request = new DeployRequest(helm, "dev", List.of(), product, version, List.of(), false, null, 2, false, null, false);
            ApplyOptions options = new ApplyOptions(new KubeConnector.Target(kubeconfig, "mock"), Duration.ofMinutes(2),
                    Duration.ofMillis(100), Duration.ofSeconds(5), parallel, false, false, false);
            long start = System.nanoTime();
            DeployResult result = new DeployAction(ProgressListener.SILENT).run(request, options);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(result.ok()).as(result.services().toString()).isTrue();
            return new Timed(millis, result.services().stream().mapToInt(s -> s.applied().size()).sum());
        }
    }

    /** The example tree's common chart and env, with {@code count} services of four objects each in one module. */
    static Path syntheticTree(Path root, int count) {
        TestTrees.copy(TestTrees.examples().resolve("charts/common"), root.resolve("charts/common"));
        write(root, "environments/dev.yaml", "global:\n  domain: bench.example.org\n  namespace: egov\n  containerRegistry: egovio\n");
        StringBuilder release = new StringBuilder("version: v1\nmodules:\n  - name: m_synthetic\n    services:\n");
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
