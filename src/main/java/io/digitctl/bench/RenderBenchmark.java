package io.digitctl.bench;

import io.digitctl.action.DeployRequest;
import io.digitctl.action.RenderAction;
import io.digitctl.action.RenderResult;
import io.digitctl.event.ProgressListener;
import io.digitctl.model.DigitctlException;
import io.digitctl.render.ServiceRender;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Render speed, in-process: a release rendered several times, and every chart of the tree once
 * on one thread and once in parallel. Times are wall clock; Helm's native code does most of the work.
 */
public final class RenderBenchmark {

    /** What to measure. */
    public record Settings(Path helmDir, String environment, String product, String version, int runs, int parallelism,
                           io.digitctl.secrets.keys.KeySettings keys) {
    }

    /** What was measured; times in milliseconds. */
    public record Result(int releaseServices, int releaseObjects, List<Long> releaseRuns, int charts, int chartFailures,
                         long sequentialMillis, long parallelMillis, int parallelism, List<Long> perChartMillis, long peakHeapBytes) {

        public long releaseMedian() {
            return median(releaseRuns);
        }

        public long perChartMedian() {
            return median(perChartMillis);
        }

        public long perChartPercentile90() {
            List<Long> sorted = new ArrayList<>(perChartMillis);
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1));
        }

        /** Parallel wall time over sequential wall time: below 1 is a gain. */
        public double parallelRatio() {
            return sequentialMillis == 0 ? 0 : (double) parallelMillis / sequentialMillis;
        }
    }

    public Result run(Settings settings) {
        if (settings.runs() < 1) {
            throw new DigitctlException("--runs must be at least 1.");
        }
        RenderAction action = new RenderAction(ProgressListener.SILENT);
        DeployRequest release = new DeployRequest(settings.helmDir(), settings.environment(), List.of(), settings.product(),
                settings.version(), List.of(), true, null, settings.parallelism(), false, null, false);
        // the first render also loads the Helm library and stages the charts: warm up, then measure
        RenderResult warm = action.run(release);
        List<Long> releaseRuns = new ArrayList<>();
        for (int i = 0; i < settings.runs(); i++) {
            long start = System.nanoTime();
            action.run(release);
            releaseRuns.add((System.nanoTime() - start) / 1_000_000);
        }
        long start = System.nanoTime();
        RenderResult sequential = action.runEveryChart(settings.helmDir(), settings.environment(), "v0.0.0-bench", null, 1, settings.keys());
        long sequentialMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        RenderResult parallel = action.runEveryChart(settings.helmDir(), settings.environment(), "v0.0.0-bench", null, settings.parallelism(), settings.keys());
        long parallelMillis = (System.nanoTime() - start) / 1_000_000;

        List<Long> perChart = sequential.report().services().stream().map(ServiceRender::millis).toList();
        return new Result(warm.plan().size(), warm.report().manifests().size(), releaseRuns, sequential.report().services().size(),
                parallel.report().failures().size(), sequentialMillis, parallelMillis, settings.parallelism(), perChart, peakHeap());
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
