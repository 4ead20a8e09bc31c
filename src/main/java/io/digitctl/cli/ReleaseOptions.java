package io.digitctl.cli;

import picocli.CommandLine.Option;

/** One product release chart, required; with its own -h, since the standard --version would clash with -v/--version. */
final class ReleaseOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-s", "--product"}, required = true, paramLabel = "PRODUCT", description = "Product of the release (a folder of product-release-charts/).")
    String product;

    @Option(names = {"-v", "--version"}, required = true, paramLabel = "VERSION", description = "Release version.")
    String version;
}
