package io.digitctl.cli;

import io.digitctl.action.ApplyOptions;
import io.digitctl.action.DeployRun;
import io.digitctl.action.PromoteAction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "promote", 
        description = {"Promotes what runs healthy in one environment to the next.",
                "Takes the images of the source's last deployed revisions, only of services healthy there for at least --soak",
                "(from the ledger's times); failed, progressing or too fresh services are refused by name. Renders them with the",
                "target's env file, shows the plan, asks for confirmation on a terminal (--yes for CI), deploys them to the",
                "target's cluster, and records the source (environment, revision, deploy) in each new revision.",
                "Each environment uses its own cluster: global.kubeContext of its env file, else --context."},
        footer = {"", "Examples:", "  digitctl promote --from qa --to uat -s Demo -v demo-v1.0",
                "  digitctl promote --from qa --to uat egov-user,pgr-services --yes",
                "  digitctl promote --from qa --to uat -s Demo -v demo-v1.0 --dry-run   (the plan, for an approval)",
                "  digitctl promote --from uat --to prod --soak 24h --notify https://hooks.slack.com/services/...",
                "", "Exit codes: 0 promoted, 1 refused or failed, 64 bad command line."})
final class PromoteCommand implements Callable<Integer> {
    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Mixin
    KeyOptions keys;

    @CommandLine.Mixin
    WaitOptions waiting;

    @Option(names = "--from", required = true, paramLabel = "ENV", description = "The environment whose images are promoted.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENV", description = "The environment they go to.")
    String to;

    @Parameters(index = "0", arity = "0..1", split = ",", paramLabel = "SERVICES", description = "Services to promote (default: the release's with -s/-v, else every service of the source).")
    List<String> services = new ArrayList<>();

    @Option(names = {"-s", "--product"}, paramLabel = "PRODUCT", description = "Promote the services of this release.")
    String product;

    @Option(names = {"-v", "--version"}, paramLabel = "VERSION", description = "The release's version.")
    String version;

    @Option(names = "--soak", paramLabel = "DURATION", converter = SoakConverter.class, defaultValue = "10m",
            description = "How long a service must have been deployed and healthy in the source (default: ${DEFAULT-VALUE}).")
    Duration soak;

    @Option(names = "--skip-refused", description = "Promote the services that qualify and leave out the refused ones, instead of refusing the promote.")
    boolean skipRefused;

    @Option(names = "--dry-run", description = "Show the plan and what would be refused, deploy nothing (for an approval step); exit 0 when all would be promoted.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (CI). Without a terminal, a promote without --yes is refused.")
    boolean yes;

    @Option(names = "--atomic", description = "If any service fails, roll every service this promote changed back.")
    boolean atomic;

    @Option(names = "--notify", paramLabel = "URL", description = "POST JSON notifications at the start and end (also digitctl.notify in the target's env file).")
    List<String> notify = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((product == null) != (version == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-s PRODUCT and -v VERSION go together.");
        }
        if (product != null && !services.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give either SERVICES or a release (-s/-v), not both.");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        CliProgress progress = new CliProgress(err, false, CliProgress.onTerminal() && err == CliStreams.SYSTEM_ERR);
        PromoteAction action = new PromoteAction(progress);
        PromoteAction.Plan plan = action.plan(tree.helmDir, from, to, new PromoteAction.Selection(product, version, services), soak, cluster.target());
        int width = Math.max(7, plan.items().stream().mapToInt(i -> i.service().length()).max().orElse(0));
        String format = "%-" + width + "s  %-48s  %-48s  %s%n";
        out.printf("Promote %s → %s (soak %s):%n", from, to, PromoteAction.human(soak));
        out.printf(format, "SERVICE", to.toUpperCase() + " NOW", "PROMOTED (" + from + ")", "");
        for (PromoteAction.Item i : plan.items()) {
            out.printf(format, i.service(), i.targetBefore() == null ? "-" : i.targetBefore(), i.image(),
                    i.refusal() != null ? "REFUSED: " + i.refusal()
                            : i.image().equals(i.targetBefore()) ? "same (rev " + i.sourceRevision() + ")" : "from rev " + i.sourceRevision());
        }
        out.flush();
        if (!plan.refused().isEmpty() && !skipRefused) {
            err.println("error: Refusing to promote from " + from + " to " + to + ": " + String.join("; ",
                    plan.refused().stream().map(i -> i.service() + " is " + i.refusal()).toList())
                    + ". Nothing was deployed. Wait, fix them, or leave them out (--skip-refused or a list of services).");
            err.flush();
            return ExitCodes.FAILED;
        }
        if (plan.accepted().isEmpty()) {
            err.println("error: Nothing to promote from " + from + " to " + to + ".");
            err.flush();
            return ExitCodes.FAILED;
        }
        if (dryRun) {
            out.printf("Dry run: %d service%s would be promoted from %s to %s; nothing was deployed.%n", plan.accepted().size(),
                    plan.accepted().size() == 1 ? "" : "s", from, to);
            out.flush();
            return ExitCodes.OK;
        }
        if (!yes) {
            java.io.Console console = System.console();
            if (console == null) {
                err.println("error: Not on a terminal, so nobody can confirm: pass --yes to promote without asking (as in CI, after an approval step).");
                err.flush();
                return ExitCodes.FAILED;
            }
            String answer = console.readLine("Promote %d service%s to %s? [y/N] ", plan.accepted().size(), plan.accepted().size() == 1 ? "" : "s", to);
            if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                err.println("Not promoted.");
                err.flush();
                return ExitCodes.FAILED;
            }
        }
        ApplyOptions options = new ApplyOptions(cluster.target(), waiting.times.timeout, waiting.times.poll, waiting.times.problemGrace, 4, atomic, false,
                waiting.forceUnlock);
        DeployRun.Outcome run = action.promote(plan, tree.helmDir, options, cluster.target(), notify, keys.settings());
        OutcomeTable.print(run.result().services(), out);
        out.println(OutcomeTable.summary(run.result(), "Promoted", "promoted", " from " + from + " to " + to));
        out.flush();
        return run.result().ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
