package io.digitctl.cli;

import io.digitctl.action.ClusterQueries;
import io.digitctl.kube.ledger.Revision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "The revisions recorded for an environment's services (the last 10 of each): number, result, image, when, who, what.",
        footer = {"", "Examples:", "  digitctl history -e dev", "  digitctl history -e dev egov-user", "  digitctl history -e dev --deploys",
                "  digitctl history -e dev --kubeconfig ~/.kube/dev --context dev   (no tree needed)"})
final class HistoryCommand implements Callable<Integer> {
    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Environment.")
    String environment;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "One service (default: all).")
    String service;

    @Option(names = "--deploys", description = "List the environment's deploys (ids, services and results) instead of revisions.")
    boolean deploys;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (deploys) {
            return EnvironmentRollbackOutput.deploys(tree, cluster, environment, spec);
        }
        List<Revision> revisions = new ClusterQueries(new CliProgress(spec.commandLine().getErr(), false))
                .history(tree.helmDir, environment, service, cluster.target());
        PrintWriter out = spec.commandLine().getOut();
        if (revisions.isEmpty()) {
            out.println("No revisions recorded for " + (service == null ? "environment " + environment : service + " in " + environment) + ".");
        } else {
            String format = "%-28s %-8s %-12s %-50s %-22s %-24s %s%n";
            out.printf(format, "SERVICE", "REVISION", "STATUS", "IMAGE", "WHEN", "BY", "NOTE");
            for (Revision r : revisions) {
                out.printf(format, r.service(), r.number(), r.status().name().toLowerCase(), r.image(),
                        Times.readable(r.finishedAt() != null ? r.finishedAt() : r.startedAt()),
                        r.user() + "@" + r.host(), EnvironmentRollbackOutput.note(r));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
