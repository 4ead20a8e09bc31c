package io.digitctl.cli;

import io.digitctl.action.ApplyOptions;
import io.digitctl.action.EnvironmentRollback;
import io.digitctl.kube.ledger.DeployRecord;
import io.digitctl.kube.ledger.Revision;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** What rollback --to-deploy and history --deploys print, and the note column of history. */
final class EnvironmentRollbackOutput {
    private EnvironmentRollbackOutput() {
    }

    static int run(TreeOption tree, String environment, String toDeploy, ApplyOptions options, List<String> notify,
                   CommandLine.Model.CommandSpec spec) {
        EnvironmentRollback.Result result = new EnvironmentRollback(new CliProgress(spec.commandLine().getErr(), false))
                .run(tree.helmDir, environment, toDeploy, options, notify);
        PrintWriter out = spec.commandLine().getOut();
        OutcomeTable.print(result.services(), out);
        out.printf("%s: environment %s rolled back to deploy %s (deploy %s).%n", result.ok() ? "Rolled back" : "FAILED", environment,
                toDeploy, result.deployId());
        out.flush();
        return result.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    static int deploys(TreeOption tree, ClusterOptions cluster, String environment, CommandLine.Model.CommandSpec spec) {
        List<DeployRecord> records = new EnvironmentRollback(new CliProgress(spec.commandLine().getErr(), false))
                .deploys(tree.helmDir, environment, cluster.target());
        PrintWriter out = spec.commandLine().getOut();
        if (records.isEmpty()) {
            out.println("No deploys recorded for environment " + environment + ".");
        }
        for (DeployRecord r : records) {
            out.printf("%s  %-8s  %s  by %s@%s  %s%n", r.deployId(), r.result(), Times.readable(r.startedAt()),
                    r.user(), r.host(), r.description());
            for (DeployRecord.Entry e : r.services()) {
                out.printf("    %-28s rev %-4s %-12s %s%n", e.service(), e.revision() == 0 ? "-" : String.valueOf(e.revision()), e.result(),
                        e.reason() == null ? "" : e.reason());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The history note: the revision's message, where it was promoted from, who planned it. */
    static String note(Revision r) {
        List<String> parts = new ArrayList<>();
        if (r.message() != null && !r.message().isBlank()) {
            parts.add(r.message());
        }
        if (r.promotedFrom() != null) {
            parts.add(r.promotedFrom().describe());
        }
        if (r.plannedBy() != null) {
            parts.add("planned by " + r.plannedBy() + ", applied by " + r.user() + "@" + r.host());
        }
        return String.join("; ", parts);
    }
}
