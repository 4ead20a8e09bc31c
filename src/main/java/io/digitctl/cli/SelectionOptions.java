package io.digitctl.cli;

import io.digitctl.action.DeployRequest;
import io.digitctl.model.ImageRef;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** What to deploy or compare: images, or a release and modules; shared by deploy and diff. */
final class SelectionOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGES",
            description = "Comma-separated images, e.g. egovio/egov-user:v1.2.8-9fde481-19,egov-mdms-service. An image without a tag keeps the tag running in the cluster, else the chart's default.")
    String images;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Environment: environments/ENV.yaml.")
    String environment;

    @Option(names = {"-s", "--product"}, paramLabel = "PRODUCT", description = "Product of a release chart (a folder of product-release-charts/).")
    String product;

    @Option(names = {"-v", "--version"}, paramLabel = "VERSION", description = "Release version: the file dependency_chart-VERSION.yaml (or dependancy_chart-).")
    String version;

    @Option(names = "--modules", split = ",", paramLabel = "MODULE", description = "Modules of the release (default: every m_ module); their dependencies come too.")
    List<String> modules = new ArrayList<>();

    @Option(names = "--skip-missing", description = "Go on without services that have no chart (a warning each) instead of failing.")
    boolean skipMissing;

    @Option(names = {"-c", "--cluster-configs"}, description = "The cluster-configs chart first, with the env's secrets file (SOPS-encrypted files are decrypted in memory).")
    boolean clusterConfigs;

    @Option(names = "--kube-version", paramLabel = "VERSION", description = "Kubernetes version the charts see (default: the cluster's; without a cluster, global.kubeVersion of the env file, else a current version).")
    String kubeVersion;

    @Option(names = "--from-build", paramLabel = "FILE", description = "Deploy exactly the images of a build record (digitctl build --record), by tag; their digests are checked in the registry when it can be reached.")
    java.nio.file.Path fromBuild;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    void validate(CommandLine cli) {
        boolean modulesGiven = cli.getParseResult() != null && cli.getParseResult().hasMatchedOption("--modules");
        if (modules.stream().anyMatch(String::isBlank) || (modulesGiven && modules.isEmpty())) {
            throw new CommandLine.ParameterException(cli, "--modules has an empty module name (" + String.join(",", modules)
                    + "); give names separated by commas, e.g. --modules m_pgr,m_core, or leave --modules out for every m_ module.");
        }
        if (fromBuild != null) {
            if (images != null || product != null) {
                throw new CommandLine.ParameterException(cli, "--from-build names the images; give no IMAGES or release with it.");
            }
            return;
        }
        if ((product == null) != (version == null)) {
            throw new CommandLine.ParameterException(cli, "-s PRODUCT and -v VERSION go together.");
        }
        if (product != null && images != null) {
            throw new CommandLine.ParameterException(cli, "Give either IMAGES or a release (-s/-v), not both.");
        }
        if (product == null && images == null) {
            throw new CommandLine.ParameterException(cli, "Name what to deploy: IMAGES, or a release with -s PRODUCT -v VERSION.");
        }
    }

    DeployRequest request(TreeOption tree, KeyOptions keys, int parallelism, java.io.PrintWriter err) {
        List<ImageRef> refs = new ArrayList<>();
        if (fromBuild != null) {
            refs.addAll(FromBuild.images(fromBuild, err));
        }
        if (images != null) {
            for (String part : images.split(",")) {
                if (!part.isBlank()) {
                    refs.add(ImageRef.parse(part));
                }
            }
        }
        return new DeployRequest(tree.helmDir, environment, refs, product, version, modules, skipMissing, kubeVersion,
                parallelism, clusterConfigs, keys.settings(), keys.ignoreMac);
    }
}
