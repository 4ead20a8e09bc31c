package io.digitctl.cli;

import io.digitctl.action.ApplyOptions;
import io.digitctl.action.DiffAction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "diff",
        description = {"Shows what a deploy with the same flags would change, as unified diffs.",
                "Each object as a server-side dry-run would apply it, against the live object; with --prune, what would be",
                "deleted. Secret values are masked",
                "unless --show-secrets. Exits 0 when nothing would change, 2 when something would, 1 on error."},
        footer = {"", "Examples:",
                "  digitctl diff -e dev -s Demo -v demo-v1.0",
                "  digitctl diff -e dev egovio/egov-user:v1.2.9-abc1234-20 --context dev-cluster"})
final class DiffCommand implements Callable<Integer> {

    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    SelectionOptions selection;

    @CommandLine.Mixin
    KeyOptions keys;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = "--prune", description = "Also show what --prune would delete.")
    boolean prune;

    @CommandLine.Mixin
    VolatileOptions volatileFields;

    @Option(names = "--show-secrets", description = "Show Secret values instead of masking them.")
    boolean showSecrets;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        selection.validate(spec.commandLine());
        ApplyOptions options = new ApplyOptions(cluster.target(), Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, false, prune, false,
                false, false, false, volatileFields.paths);
        DiffAction.DiffResult result = new DiffAction(new CliProgress(spec.commandLine().getErr(), false))
                .run(selection.request(tree, keys, Runtime.getRuntime().availableProcessors(), spec.commandLine().getErr()), options, showSecrets);
        PrintWriter out = spec.commandLine().getOut();
        for (DiffAction.Change c : result.changes()) {
            out.println("# " + c.op().name().toLowerCase() + " " + c.key() + " (" + c.service() + ")");
            out.print(c.diff());
        }
        long creates = result.changes().stream().filter(c -> c.op() == DiffAction.Op.CREATE).count();
        long updates = result.changes().stream().filter(c -> c.op() == DiffAction.Op.UPDATE).count();
        long deletes = result.changes().stream().filter(c -> c.op() == DiffAction.Op.DELETE).count();
        spec.commandLine().getErr().printf("%d to create, %d to update, %d to delete, %d unchanged.%n", creates, updates, deletes, result.unchanged());
        out.flush();
        return result.hasChanges() ? ExitCodes.DIFFERENCES : ExitCodes.OK;
    }
}
