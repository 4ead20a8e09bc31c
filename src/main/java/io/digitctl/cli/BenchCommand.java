package io.digitctl.cli;

import io.digitctl.bench.RenderBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "bench",
        description = {"Measures render speed in-process (see the README's Benchmark section).",
                "A release rendered several times, then every chart of the tree",
                "on one thread and in parallel (per-chart median time, parallel/sequential ratio, peak heap).",
                "bench/run adds whole-command timings with JVM start; see the README."},
        footer = {"", "Example:",
                "  digitctl bench --helm-dir ../shared/fixtures/digit-devops/helm -e egov-demo -s DIGIT -v digit-core-v2.9"})
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    ReleaseOptions release;

    @CommandLine.Mixin
    KeyOptions keys;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Environment to render for.")
    String environment;

    @Option(names = "--runs", paramLabel = "N", description = "Timed renders of the release (default: ${DEFAULT-VALUE}).")
    int runs = 5;

    @Option(names = "--parallel", paramLabel = "N", description = "Parallel renders (default: the number of cores, ${DEFAULT-VALUE}).")
    int parallel = Runtime.getRuntime().availableProcessors();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RenderBenchmark.Result r = new RenderBenchmark().run(
                new RenderBenchmark.Settings(tree.helmDir, environment, release.product, release.version, runs, parallel, keys.settings()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("release %s %s: %d services, %d objects%n", release.product, release.version, r.releaseServices(), r.releaseObjects());
        out.printf("  render, in-process: median %d ms over %d runs %s%n", r.releaseMedian(), r.releaseRuns().size(), r.releaseRuns());
        out.printf("every chart: %d charts (%d cannot render)%n", r.charts(), r.chartFailures());
        out.printf("  per-chart render time: median %d ms, p90 %d ms%n", r.perChartMedian(), r.perChartPercentile90());
        out.printf("  sequential (--parallel 1): %d ms%n", r.sequentialMillis());
        out.printf("  parallel (--parallel %d): %d ms%n", r.parallelism(), r.parallelMillis());
        out.printf("  parallel/sequential ratio: %.2f (%.2fx faster)%n", r.parallelRatio(), r.parallelRatio() == 0 ? 0 : 1 / r.parallelRatio());
        out.printf("peak heap: %d MB%n", r.peakHeapBytes() / (1024 * 1024));
        out.flush();
        return ExitCodes.OK;
    }
}
