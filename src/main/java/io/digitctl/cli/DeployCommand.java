package io.digitctl.cli;

import io.digitctl.action.DeployRequest;
import io.digitctl.action.RenderAction;
import io.digitctl.action.RenderResult;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.render.RenderReport;
import io.digitctl.render.ServiceRender;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "deploy",
        description = {"Plans and renders services of an environment: the images given, or a product release's modules",
                "with their dependencies, in dependency order.",
                "With --print the manifests go to stdout as one YAML stream; with --output-dir, to one folder per service.",
                "Progress, the plan and warnings go to stderr."},
        footer = {"", "Examples:",
                "  # a release: every m_ module and its dependencies",
                "  digitctl deploy --helm-dir examples/helm -e dev -s Demo -v demo-v1.0 --print",
                "  # chosen modules of a release, skipping services that have no chart",
                "  digitctl deploy -e egov-demo -s DIGIT -v digit-core-v2.9 --modules m_core --skip-missing --print",
                "  # images, as the reference deployer takes them (the -db image is the service's migration image)",
                "  digitctl deploy -e dev egovio/egov-user:v1.2.8-9fde481-19,egov-user-db:v1.2.8-9fde481-19 --print",
                "  # one folder per service",
                "  digitctl deploy -e dev -s Demo -v demo-v1.0 --output-dir out/"})
final class DeployCommand implements Callable<Integer> {

    @CommandLine.Mixin
    TreeOption tree;

    // no standard help mixin: its --version would clash with -v/--version, the reference's release version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGES",
            description = "Comma-separated images, e.g. egovio/egov-user:v1.2.8-9fde481-19,egov-mdms-service. An image without a tag keeps the chart's default tag.")
    String images;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Environment: environments/ENV.yaml.")
    String environment;

    @Option(names = {"-s", "--product"}, paramLabel = "PRODUCT", description = "Product of a release chart (a folder of product-release-charts/).")
    String product;

    @Option(names = {"-v", "--version"}, paramLabel = "VERSION", description = "Release version: the file dependency_chart-VERSION.yaml (or dependancy_chart-).")
    String version;

    @Option(names = "--modules", split = ",", paramLabel = "MODULE", description = "Modules of the release to deploy (default: every m_ module); their dependencies come too.")
    List<String> modules = new ArrayList<>();

    @Option(names = "--skip-missing", description = "Go on without services that have no chart (a warning each) instead of failing.")
    boolean skipMissing;

    @Option(names = {"-c", "--cluster-configs"}, description = "Render the cluster-configs chart first, with the env's secrets file (SOPS-encrypted files are decrypted in memory).")
    boolean clusterConfigs;

    @Option(names = {"-p", "--print"}, description = "Write all manifests to stdout as one multi-document YAML.")
    boolean print;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Write manifests to DIR/<service>/<template>.")
    Path outputDir;

    @Option(names = "--kube-version", paramLabel = "VERSION", description = "Kubernetes version the charts see (default: global.kubeVersion of the env file, else a current version).")
    String kubeVersion;

    @Option(names = "--parallel", paramLabel = "N", description = "Services rendered at once (default: the number of cores, ${DEFAULT-VALUE}).")
    int parallel = Runtime.getRuntime().availableProcessors();

    @Option(names = "--show-secrets", description = "Show Secret values in the output instead of masking them.")
    boolean showSecrets;

    @CommandLine.Mixin
    KeyOptions keys;

    @Option(names = "--verbose", description = "Report every rendered service, not only failures.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        validateFlags();
        PrintWriter err = spec.commandLine().getErr();
        RenderResult result = new RenderAction(new CliProgress(err, verbose)).run(request());
        RenderReport report = result.report();
        if (print) {
            ManifestOutput.print(report, showSecrets, spec.commandLine().getOut());
        }
        if (outputDir != null) {
            int files = ManifestOutput.writeTo(outputDir, report, showSecrets);
            err.printf("Wrote %d file%s to %s%n", files, files == 1 ? "" : "s", outputDir);
        }
        summarize(report, err);
        return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void validateFlags() {
        CommandLine cli = spec.commandLine();
        if ((product == null) != (version == null)) {
            throw new CommandLine.ParameterException(cli, "-s PRODUCT and -v VERSION go together.");
        }
        if (product != null && images != null) {
            throw new CommandLine.ParameterException(cli, "Give either IMAGES or a release (-s/-v), not both.");
        }
        if (product == null && images == null) {
            throw new CommandLine.ParameterException(cli, "Name what to deploy: IMAGES, or a release with -s PRODUCT -v VERSION.");
        }
        if (parallel < 1) {
            throw new CommandLine.ParameterException(cli, "--parallel must be at least 1.");
        }
        if (!print && outputDir == null) {
            throw new DigitctlException("Applying to a cluster is not available in this version. Use --print or --output-dir to render.");
        }
    }

    private DeployRequest request() {
        List<ImageRef> refs = new ArrayList<>();
        if (images != null) {
            for (String part : images.split(",")) {
                if (!part.isBlank()) {
                    refs.add(ImageRef.parse(part));
                }
            }
        }
        return new DeployRequest(tree.helmDir, environment, refs, product, version, modules, skipMissing, kubeVersion,
                parallel, clusterConfigs, keys.settings(), keys.ignoreMac);
    }

    private static void summarize(RenderReport report, PrintWriter err) {
        int total = report.services().size();
        int failed = report.failures().size();
        err.printf("Rendered %d of %d service%s (%d objects) in %.1f s%s%n", total - failed, total, total == 1 ? "" : "s",
                report.manifests().size(), report.wallMillis() / 1000.0, failed == 0 ? "." : "; " + failed + " failed:");
        for (ServiceRender.Failed f : report.failures()) {
            err.println("  - " + f.message().replace("\n", "\n    "));
        }
        err.flush();
    }
}
