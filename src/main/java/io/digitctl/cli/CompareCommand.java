package io.digitctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitctl.action.CompareAction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare", 
        description = {"Compares two environments as they are deployed, or one environment with a release.",
                "ENV_A ENV_B: per service, the image tag (and digest) on each side, health, revision, when and by whom; env-file",
                "values that differ, as paths; Secrets as same/changed (by hash only); services on one side only. Each environment",
                "is read from its own cluster: global.kubeContext of its env file, else --context.",
                "-e ENV -s PRODUCT -v VERSION: each image the release pins, the tag that runs, and matches/differs/missing",
                "(services the release does not pin are listed as 'not in release').",
                "Exits 0 when the images match, 2 when they differ (--include-values: values and Secrets count too), 1 on error."},
        footer = {"", "Examples:", "  digitctl compare qa uat", "  digitctl compare qa uat --include-values --output json",
                "  digitctl compare -e uat -s DIGIT -v digit-core-v2.9"})
final class CompareCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Parameters(arity = "0..2", paramLabel = "ENV", description = "The two environments to compare.")
    List<String> environments = new java.util.ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "With -s/-v: the environment to check against a release.")
    String environment;

    @Option(names = {"-s", "--product"}, paramLabel = "PRODUCT", description = "The release's product.")
    String product;

    @Option(names = {"-v", "--version"}, paramLabel = "VERSION", description = "The release's version.")
    String version;

    @Option(names = "--skip-missing", description = "With -s/-v: leave out the release's services that have no chart in the tree, as deploy --skip-missing does.")
    boolean skipMissing;

    @Option(names = "--include-values", description = "Values and Secrets that differ count too for the exit code.")
    boolean includeValues;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).")
    StatusCommand.Format output = StatusCommand.Format.text;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliProgress progress = new CliProgress(spec.commandLine().getErr(), false);
        PrintWriter out = spec.commandLine().getOut();
        if (product != null || version != null || environment != null) {
            if (product == null || version == null || environment == null || !environments.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Release conformance takes -e ENV -s PRODUCT -v VERSION and no ENV_A ENV_B.");
            }
            CompareAction.Conformance c = new CompareAction(progress).conformance(tree.helmDir, environment, product, version, cluster.target(), skipMissing);
            if (output == StatusCommand.Format.json) {
                out.println(JSON.writeValueAsString(c));
            } else {
                int s = Math.max(7, c.images().stream().mapToInt(p -> p.image().length()).max().orElse(0));
                String format = "%-" + s + "s  %-32s  %-32s  %s%n";
                out.printf(format, "IMAGE", "PINNED (" + product + " " + version + ")", "RUNNING (" + environment + ")", "STATUS");
                c.images().forEach(p -> out.printf(format, p.image(), p.pinned(), p.running(), p.status()));
                long off = c.images().stream().filter(p -> p.status().equals("differs") || p.status().equals("missing")).count();
                out.println(c.conforms() ? environment + " runs " + product + " " + version + " as pinned."
                        : environment + " differs from " + product + " " + version + " in " + off + " image" + (off == 1 ? "" : "s") + ".");
            }
            out.flush();
            return c.conforms() ? ExitCodes.OK : ExitCodes.DIFFERENCES;
        }
        if (environments.size() != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Name two environments (compare qa uat), or -e ENV -s PRODUCT -v VERSION.");
        }
        String a = environments.get(0);
        String b = environments.get(1);
        CompareAction.Comparison c = new CompareAction(progress).compare(tree.helmDir, a, b, cluster.target());
        if (output == StatusCommand.Format.json) {
            out.println(JSON.writeValueAsString(c));
        } else {
            print(c, out);
        }
        out.flush();
        return c.exitCode(includeValues);
    }

    private void print(CompareAction.Comparison c, PrintWriter out) {
        int e = Math.max(c.environmentA().length(), c.environmentB().length());
        for (CompareAction.ServiceComparison x : c.services()) {
            out.println(x.service() + "  " + (x.a() == null ? "only in " + c.environmentB() : x.b() == null ? "only in " + c.environmentA()
                    : x.imagesDiffer() ? "IMAGES DIFFER" : "same image"));
            out.println("  " + pad(c.environmentA(), e) + "  " + side(x.a()));
            out.println("  " + pad(c.environmentB(), e) + "  " + side(x.b()));
        }
        List<CompareAction.ValueDiff> values = c.services().stream().flatMap(x -> x.values().stream()).toList();
        if (!values.isEmpty()) {
            out.println();
            out.println("Values that differ (" + c.environmentA() + " → " + c.environmentB() + "):");
            values.forEach(v -> out.println("  " + v.describe()));
        }
        List<String> secrets = c.services().stream().flatMap(x -> x.secrets().stream().map(z -> z.secret() + " (" + x.service() + "): " + z.state())).toList();
        if (!secrets.isEmpty()) {
            out.println();
            out.println("Secrets (compared by hash only):");
            secrets.forEach(z -> out.println("  " + z));
        }
        out.println();
        List<String> differing = c.services().stream().filter(CompareAction.ServiceComparison::imagesDiffer).map(CompareAction.ServiceComparison::service).toList();
        out.println(differing.isEmpty() ? "The images of " + c.environmentA() + " and " + c.environmentB() + " match."
                : "Images differ in " + differing.size() + " service" + (differing.size() == 1 ? "" : "s") + ": " + String.join(", ", differing) + ".");
    }

    private static String side(CompareAction.Side s) {
        if (s == null) {
            return "-";
        }
        String when = Times.readable(s.deployedAt());
        return (s.tag() == null ? s.image() : s.tag()) + (s.digest() == null ? "" : "@" + s.digest()) + "  rev " + s.revision() + " "
                + s.status() + "  " + s.health() + "  " + when + " by " + s.deployedBy()
                + (s.promotedFrom() == null ? "" : "  " + s.promotedFrom());
    }

    private static String pad(String text, int width) {
        return String.format("%-" + width + "s", text);
    }
}
