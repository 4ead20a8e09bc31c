package io.digitctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.digitctl.action.DriftAction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "drift", mixinStandardHelpOptions = true,
        description = {"Read-only: lists live objects whose digitctl-owned fields differ from the last deployed revision",
                "(a kubectl edit, scale or set image), with a diff of those fields. A plain deploy repairs drift.",
                "Exits 0 when there is none, 2 when there is, 1 on error."},
        footer = {"", "Examples:", "  digitctl drift -e uat", "  digitctl drift -e uat --output json"})
final class DriftCommand implements Callable<Integer> {

    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Environment.")
    String environment;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE}).")
    StatusCommand.Format output = StatusCommand.Format.text;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DriftAction.DriftResult result = new DriftAction(new CliProgress(spec.commandLine().getErr(), false))
                .run(tree.helmDir, environment, cluster.target());
        PrintWriter out = spec.commandLine().getOut();
        if (output == StatusCommand.Format.json) {
            java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("environment", result.environment());
            body.put("drifted", result.drifted());
            body.put("checked", result.checked());
            body.put("objects", result.objects());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body));
        } else {
            for (DriftAction.Drift d : result.objects()) {
                out.println("# " + d.state() + " " + d.object() + " (" + d.service() + ", revision " + d.revision() + ")");
                out.print(d.diff());
            }
            out.println(result.drifted() ? result.objects().size() + " of " + result.checked() + " objects of " + environment
                    + " drifted from their last deployed revision; 'digitctl deploy' puts them back."
                    : "No drift: the " + result.checked() + " objects of " + environment + " hold what their last deployed revisions applied.");
        }
        out.flush();
        return result.drifted() ? ExitCodes.DIFFERENCES : ExitCodes.OK;
    }
}
