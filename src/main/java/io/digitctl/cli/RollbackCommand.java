package io.digitctl.cli;

import io.digitctl.action.ApplyOptions;
import io.digitctl.action.ClusterQueries;
import io.digitctl.action.ServiceOutcome;
import io.digitctl.event.Cancellation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Puts a service back to an earlier revision.",
                "Re-applies the recorded objects of that revision (default: the last good one before the latest), deletes what",
                "later revisions added, waits for the rollout, and records a new revision. Secrets are",
                "recorded without their values, so the live Secrets are kept."},
        footer = {"", "Examples:", "  digitctl rollback -e dev egov-user", "  digitctl rollback -e dev egov-user --revision 3",
                "  digitctl rollback -e dev --to-deploy 20261126094512-a1b2c3   (every service of that deploy)",
                "  digitctl rollback -e dev egov-user --kubeconfig ~/.kube/dev   (no tree needed: the ledger holds the objects)"})
final class RollbackCommand implements Callable<Integer> {
    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Mixin
    WaitOptions waiting;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "Environment.")
    String environment;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "The service to roll back.")
    String service;

    @Option(names = "--to-deploy", paramLabel = "ID", description = "Every service of that deploy back to the revision it had right after it,"
            + " in plan order, as one recorded deploy (see 'digitctl history -e ENV --deploys').")
    String toDeploy;

    @Option(names = "--notify", paramLabel = "URL", description = "With --to-deploy: POST JSON notifications at the start and end (also digitctl.notify).")
    List<String> notify = new java.util.ArrayList<>();

    @Option(names = "--revision", paramLabel = "N", description = "The revision to go back to (see 'digitctl history').")
    Integer revision;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ApplyOptions options = new ApplyOptions(cluster.target(), waiting.times.timeout, waiting.times.poll, waiting.times.problemGrace, 1,
                false, false, waiting.forceUnlock);
        if (toDeploy != null) {
            if (service != null || revision != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--to-deploy rolls back every service of a deploy: give no SERVICE or --revision with it.");
            }
            return EnvironmentRollbackOutput.run(tree, environment, toDeploy, options, notify, spec);
        }
        if (service == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Name the SERVICE to roll back, or --to-deploy ID for a whole deploy.");
        }
        Cancellation cancellation = new Cancellation();
        ServiceOutcome outcome;
        try (SignalTrap trap = SignalTrap.install(cancellation, spec.commandLine().getErr())) {
            outcome = new ClusterQueries(new CliProgress(spec.commandLine().getErr(), false))
                    .rollback(tree.helmDir, environment, service, revision, options, cancellation);
        }
        OutcomeTable.print(List.of(outcome), spec.commandLine().getOut());
        if (cancellation.cancelled()) {
            return cancellation.exitCode();
        }
        return outcome.result() == ServiceOutcome.Result.ROLLED_BACK ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
