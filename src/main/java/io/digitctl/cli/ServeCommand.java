package io.digitctl.cli;

import io.digitctl.web.ServeOptions;
import io.digitctl.web.WebServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"A web dashboard of the environments: services x environments (tag, health, ready, revision), live;",
                "each service's revisions with diffs (Secret values masked); each environment's deploys and conformance",
                "with a release. Read-only unless --allow-actions: then rollback and redeploy, behind a bearer token."},
        footer = {"", "Examples:", "  digitctl serve --helm-dir ../helm",
                "  digitctl serve --helm-dir ../helm --listen 127.0.0.1:9000 --allow-actions --token-label alice",
                "  digitctl serve --env dev --listen 0.0.0.0:8080   (in a cluster, with its service account; no tree needed)",
                "", "The token is printed once at start, or taken from DIGITCTL_SERVE_TOKEN."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Mixin
    TreeOption tree;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Mixin
    RolloutTimes times;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where to listen, and nowhere else (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", split = ",",
            description = "The environments to show, in this order (default: every env file of the tree).")
    List<String> environments = new ArrayList<>();

    @Option(names = "--allow-actions", description = "Enable rollback and redeploy from the page, behind a bearer token.")
    boolean allowActions;

    @Option(names = "--token-label", paramLabel = "NAME", defaultValue = "${env:DIGITCTL_SERVE_TOKEN_LABEL:-operator}",
            description = "Who actions are recorded as: web:NAME (default: DIGITCTL_SERVE_TOKEN_LABEL, else ${DEFAULT-VALUE}).")
    String tokenLabel;

    @Option(names = "--refresh", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "2s",
            description = "How often each cluster is read for the overview (default: ${DEFAULT-VALUE}).")
    Duration refresh;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int colon = listen.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--listen takes HOST:PORT, such as 127.0.0.1:8080, not '" + listen + "'.");
        }
        String host = listen.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
        if (!tokenLabel.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token-label takes letters, digits, '.', '_' and '-' (at most 40).");
        }
        PrintWriter err = spec.commandLine().getErr();
        String token = null;
        if (allowActions) {
            String fromEnv = System.getenv("DIGITCTL_SERVE_TOKEN");
            token = fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : io.digitctl.web.WebServer.newToken();
            if (token.length() < 16) {
                throw new CommandLine.ParameterException(spec.commandLine(), "DIGITCTL_SERVE_TOKEN is too short: give at least 16 characters.");
            }
            if (fromEnv == null || fromEnv.isBlank()) {
                err.println("Actions are on. Their token (shown only now): " + token);
            } else {
                err.println("Actions are on, with the token of DIGITCTL_SERVE_TOKEN.");
            }
            err.println("Actions are recorded as web:" + tokenLabel + ".");
        }
        // the dashboard connects every few seconds: do not print a "Cluster:" line each time
        io.digitctl.kube.KubeConnector.announceTo(null);
        ServeOptions options = new ServeOptions(tree.helmDir, List.copyOf(environments), cluster.target(), host, port, token, tokenLabel,
                refresh, times.timeout, times.poll, times.problemGrace);
        try (WebServer server = new WebServer(options).start()) {
            err.println("Serving " + String.join(", ", server.environments()) + " at " + server.url()
                    + (allowActions ? "" : " (read-only; --allow-actions enables actions)"));
            err.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "serve-stop"));
            server.join();
        }
        return ExitCodes.OK;
    }
}
