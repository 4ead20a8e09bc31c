package io.digitctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitctl.action.ClusterQueries;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Every service deployed to an environment: the image running now, ready/desired replicas, health, last revision, when and by whom.",
        footer = {"", "Examples:", "  digitctl status -e dev", "  digitctl status -e dev --output json",
                "  digitctl status -e dev --kubeconfig ~/.kube/dev   (no tree needed: without an env file, the kubeconfig's context)"})
final class StatusCommand implements Callable<Integer> {
    enum Format { text, json }

    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Environment.")
    String environment;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format output = Format.text;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ClusterQueries.ServiceStatus> status = new ClusterQueries(new CliProgress(spec.commandLine().getErr(), false))
                .status(tree.helmDir, environment, cluster.target());
        PrintWriter out = spec.commandLine().getOut();
        if (output == Format.json) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (ClusterQueries.ServiceStatus s : status) {
                items.add(s.asJson());
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("environment", environment, "services", items)));
        } else if (status.isEmpty()) {
            out.println("Nothing deployed to " + environment + " by digitctl yet.");
        } else {
            String format = "%-28s %-50s %-7s %-12s %-9s %-22s %s%n";
            out.printf(format, "SERVICE", "IMAGE", "READY", "HEALTH", "REVISION", "DEPLOYED", "BY");
            for (ClusterQueries.ServiceStatus s : status) {
                out.printf(format, s.service(), s.image(), s.ready() + "/" + s.desired(), s.health().code().name().toLowerCase(),
                        s.revision() + " " + (s.revisionStatus().startsWith("pending") ? "pending" : s.revisionStatus()),
                        Times.readable(s.deployedAt()), s.deployedBy());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
