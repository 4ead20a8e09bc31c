package io.digitctl.cli;

import io.digitctl.model.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code digitctl} command: binds flags, calls an action, prints, and maps errors to exit codes. */
@Command(name = "digitctl",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Deploys DIGIT from a deploy-as-code tree (charts, env files, release charts), in-process:",
                "no helm, kubectl or sops binaries needed."},
        subcommands = {DeployCommand.class, DiffCommand.class, StatusCommand.class, HistoryCommand.class, RollbackCommand.class,
                CompareCommand.class, PromoteCommand.class, DriftCommand.class,
                ValidateCommand.class, ReleaseCommand.class, SecretsCommand.class, BuildCommand.class, VersionCommand.class,
                BenchCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  digitctl deploy --helm-dir examples/helm -e dev -s Demo -v demo-v1.0 --print",
                "  digitctl validate --helm-dir ../helm -e egov-demo",
                "  digitctl release list --helm-dir ../helm",
                "  digitctl secrets decrypt ../helm/environments/dev-secrets.yaml",
                "  digitctl deploy -e dev -s Demo -v demo-v1.0 --context dev-cluster",
                "  digitctl status -e dev",
                "  digitctl compare qa uat",
                "  digitctl promote --from qa --to uat -s Demo -v demo-v1.0",
                "", "Exit codes: 0 success, 1 failure or invalid input, 2 diff found changes, 64 bad command line, 70 internal error."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = commandLine();
        int exit = cli.execute(args);
        // a command that did not check its own output: what went to stdout must have arrived
        if (exit != ExitCodes.USAGE && CliStreams.SYSTEM_OUT.checkError()) {
            cli.getErr().println("error: Cannot write to stdout (the disk is full or the pipe was closed); the output is incomplete.");
            cli.getErr().flush();
            return exit == ExitCodes.OK || exit == ExitCodes.DIFFERENCES ? ExitCodes.FAILED : exit;
        }
        return exit;
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(CliStreams.SYSTEM_OUT);
        cli.setErr(CliStreams.SYSTEM_ERR);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // every command that talks to a cluster says which one, before it changes anything
        io.digitctl.kube.KubeConnector.announceTo(line -> {
            java.io.PrintWriter err = cli.getErr();
            err.println(line);
            err.flush();
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command.");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"digitctl " + BuildInfo.version() + " (embedded Helm via helm-java " + BuildInfo.helmJavaVersion()
                    + ", Java " + System.getProperty("java.version") + ")"};
        }
    }
}
