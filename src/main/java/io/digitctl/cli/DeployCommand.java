package io.digitctl.cli;

import io.digitctl.action.ApplyOptions;
import io.digitctl.action.DeployAction;
import io.digitctl.action.DeployResult;
import io.digitctl.action.DeployRun;
import io.digitctl.action.RenderAction;
import io.digitctl.action.RenderResult;
import io.digitctl.event.Cancellation;
import io.digitctl.render.RenderReport;
import io.digitctl.render.ServiceRender;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "deploy",
        description = {"Deploys services to an environment's cluster, level by level, or renders them (--print, --output-dir).",
                "What: the images given, or a product release's modules with their dependencies, in dependency order.",
                "Objects are applied with server-side apply (field manager",
                "digitctl), each service's rollout is awaited, every service gets a revision in the cluster's ledger, and one",
                "deploy at a time holds the environment's lock. A failed service stops the levels after it.",
                "With --print the manifests go to stdout as one YAML stream instead; with --output-dir, to one folder per",
                "service (no cluster needed for either). Progress, the plan and warnings go to stderr."},
        footer = {"", "Examples:",
                "  # a release: every m_ module and its dependencies",
                "  digitctl deploy --helm-dir examples/helm -e dev -s Demo -v demo-v1.0 --print",
                "  # chosen modules of a release, skipping services that have no chart",
                "  digitctl deploy -e egov-demo -s DIGIT -v digit-core-v2.9 --modules m_core --skip-missing --print",
                "  # images, as the reference deployer takes them (the -db image is the service's migration image)",
                "  digitctl deploy -e dev egovio/egov-user:v1.2.8-9fde481-19,egov-user-db:v1.2.8-9fde481-19 --print",
                "  # one folder per service",
                "  digitctl deploy -e dev -s Demo -v demo-v1.0 --output-dir out/",
                "  # to the cluster of a kubeconfig context, rolling back everything if a service fails",
                "  digitctl deploy -e dev -s Demo -v demo-v1.0 --context dev-cluster --atomic --prune",
                "", "Exit codes: 0 deployed (or rendered), 1 a service failed or the input is wrong, 64 bad command line."})
final class DeployCommand implements Callable<Integer> {

    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    SelectionOptions selection;

    @CommandLine.Mixin
    KeyOptions keys;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Mixin
    WaitOptions waiting;

    @Option(names = {"-p", "--print"}, description = "Write all manifests to stdout as one multi-document YAML instead of deploying.")
    boolean print;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Write manifests to DIR/<service>/<template> instead of deploying.")
    Path outputDir;

    @Option(names = "--parallel", paramLabel = "N", description = "Services rendered at once (default: the number of cores), or applied at once within a level (default: 4).")
    Integer parallel;

    @Option(names = "--atomic", description = "If any service fails, roll every service this deploy changed back to its previous revision.")
    boolean atomic;

    @Option(names = "--prune", description = "Delete objects that a service's previous revision applied and it no longer renders (only objects labelled by digitctl).")
    boolean prune;

    @Option(names = "--skip-unserved", description = "Leave out objects of kinds the cluster does not serve and no CRD of the deploy defines"
            + " (such as a ServiceMonitor without the Prometheus Operator), with a warning each, instead of refusing the deploy.")
    boolean skipUnserved;

    @Option(names = "--allow-missing-config", description = "Deploy even when workloads need Secrets or ConfigMaps that exist nowhere"
            + " (their pods will not start until they exist).")
    boolean allowMissingConfig;

    @Option(names = "--adopt", description = "Take over objects that digitctl labelled for another environment (refused otherwise).")
    boolean adopt;

    @Option(names = "--force", description = "Apply every service, also those unchanged since their last deployed revision.")
    boolean force;

    @CommandLine.Mixin
    VolatileOptions volatileFields;

    @Option(names = "--show-secrets", description = "Show Secret values in printed manifests instead of masking them.")
    boolean showSecrets;

    @Option(names = "--verbose", description = "Report every rendered service, not only failures.")
    boolean verbose;

    @CommandLine.Mixin
    PipelineOptions pipeline;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (pipeline.planIn == null) {
            selection.validate(spec.commandLine());
        } else {
            pipeline.validatePlan(spec.commandLine(), selection.images != null || selection.product != null || print || outputDir != null);
        }
        if (parallel != null && parallel < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallel must be at least 1.");
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!print && outputDir == null) {
            return apply(err);
        }
        if (outputDir != null) {
            ManifestOutput.requireOutsideTree(outputDir, tree.helmDir);
        }
        RenderResult result = new RenderAction(new CliProgress(err, verbose))
                .run(selection.request(tree, keys, parallel == null ? Runtime.getRuntime().availableProcessors() : parallel, err));
        RenderReport report = result.report();
        if (print) {
            ManifestOutput.print(report, showSecrets, spec.commandLine().getOut());
            CliStreams.requireWritten(spec.commandLine().getOut(), "the manifests");
        }
        if (outputDir != null) {
            int files = ManifestOutput.writeTo(outputDir, report, showSecrets);
            err.printf("Wrote %d file%s to %s%n", files, files == 1 ? "" : "s", outputDir);
        }
        summarize(report, err);
        return report.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private int apply(PrintWriter err) {
        ApplyOptions options = new ApplyOptions(cluster.target(), waiting.times.timeout, waiting.times.poll, waiting.times.problemGrace,
                parallel == null ? 4 : parallel, atomic, prune, waiting.forceUnlock, skipUnserved, allowMissingConfig,
                force, volatileFields.paths, adopt);
        CliProgress progress = new CliProgress(err, verbose, CliProgress.onTerminal() && err == CliStreams.SYSTEM_ERR);
        Cancellation cancellation = new Cancellation();
        DeployRun.Outcome run;
        try (SignalTrap trap = SignalTrap.install(cancellation, err)) {
            run = new DeployRun(progress, cancellation).run(selection.request(tree, keys, Runtime.getRuntime().availableProcessors(),
                    spec.commandLine().getErr()), options, pipeline.extras());
        } catch (io.digitctl.model.DigitctlException e) {
            if (!cancellation.cancelled()) {
                throw e;
            }
            err.println("error: " + e.getMessage());
            err.flush();
            return cancellation.exitCode();
        }
        DeployResult result = run.result();
        PrintWriter out = spec.commandLine().getOut();
        if (run.planWritten() != null) {
            return pipeline.printPlan(run.planWritten(), out);
        }
        OutcomeTable.print(result.services(), out);
        if (!result.pruned().isEmpty()) {
            out.println("Pruned: " + String.join(", ", result.pruned().stream().map(Object::toString).toList()));
        }
        out.println(OutcomeTable.summary(result, "Deployed", "deployed", ""));
        if (cancellation.cancelled()) {
            out.println("Stopped by " + cancellation.signal() + ": the services above that were in flight are recorded as interrupted;"
                    + " deploy again to finish.");
        }
        out.flush();
        return cancellation.cancelled() ? cancellation.exitCode() : result.ok() ? ExitCodes.OK : ExitCodes.FAILED;
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
