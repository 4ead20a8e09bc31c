package io.digitctl.cli;

import io.digitctl.action.DeployRun;
import io.digitctl.action.PlanFile;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plan files and notifications of a deploy. */
final class PipelineOptions {
    @Option(names = "--plan-out", paramLabel = "FILE", description = "Write the exact plan (services, images, a digest of the rendered objects,"
            + " the environment's ledger state) to FILE for an approval, and apply nothing.")
    Path planOut;

    @Option(names = "--plan", paramLabel = "FILE", description = "Apply exactly the plan in FILE (from --plan-out): refused when the environment's"
            + " ledger moved since or the render now differs. No IMAGES or -s/-v needed.")
    Path planIn;

    @Option(names = "--notify", paramLabel = "URL", description = "POST a JSON notification (with a 'text' field for chat webhooks) when it starts"
            + " and when it ends (repeatable; also digitctl.notify in the env file). An undeliverable notification is a warning.")
    List<String> notify = new ArrayList<>();

    /** A plan file says what to deploy, and is applied, not printed. */
    void validatePlan(picocli.CommandLine cli, boolean whatOrPrintGiven) {
        if (planOut != null) {
            throw new picocli.CommandLine.ParameterException(cli, "--plan applies a plan file and --plan-out writes one: give one of them.");
        }
        if (whatOrPrintGiven) {
            throw new picocli.CommandLine.ParameterException(cli, "--plan takes what to deploy from the plan file: give no IMAGES, -s/-v,"
                    + " --print or --output-dir with it.");
        }
    }

    DeployRun.Extras extras() {
        return new DeployRun.Extras(planOut, planIn, notify, "deploy", Map.of());
    }

    int printPlan(PlanFile plan, PrintWriter out) {
        int width = Math.max(7, plan.services().stream().mapToInt(s -> s.service().length()).max().orElse(0));
        String format = "%-" + width + "s  %-60s  %s%n";
        out.printf(format, "SERVICE", "IMAGE", "CHANGE");
        for (PlanFile.Service s : plan.services()) {
            out.printf(format, s.service(), s.image(), s.unchanged() ? "unchanged" : "apply (" + s.digest() + ")");
        }
        out.printf("Plan for %s written to %s (ledger %s); nothing was applied. Apply it with: digitctl deploy -e %s --plan %s%n",
                plan.environment(), planOut, plan.ledger().fingerprint(), plan.environment(), planOut);
        out.flush();
        return ExitCodes.OK;
    }
}
