package io.digitctl.cli;

import io.digitctl.event.ProgressListener;
import io.digitctl.plan.DeployPlan;
import io.digitctl.render.ServiceRender;

import java.io.PrintWriter;

/** Progress and warnings on stderr, one line each, so that stdout stays clean for YAML. */
final class CliProgress implements ProgressListener {
    private final PrintWriter err;
    private final boolean verbose;
    private final boolean live;
    private final java.util.Map<String, String> lines = new java.util.LinkedHashMap<>();
    private int drawn;
    /** The width of the service column: the longest name of the plan (or seen so far), so that long DIGIT names keep the columns aligned. */
    private int nameWidth = 28;

    CliProgress(PrintWriter err, boolean verbose) {
        this(err, verbose, false);
    }

    /** With {@code live}, deploy progress is one line per service refreshed in place (a terminal); else a line per change. */
    CliProgress(PrintWriter err, boolean verbose, boolean live) {
        this.err = err;
        this.verbose = verbose;
        this.live = live;
    }

    static boolean onTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb");
    }

    @Override
    public synchronized void serviceState(String service, String state, String detail, long elapsedMillis) {
        // a rollback reports no plan first: its names widen the column as they come
        nameWidth = Math.max(nameWidth, service.length());
        String line = String.format("  %-" + nameWidth + "s %-12s %6.1fs  %s", service, state, elapsedMillis / 1000.0, detail == null ? "" : detail);
        if (!live) {
            err.println(line);
            err.flush();
            return;
        }
        lines.put(service, line.length() > 160 ? line.substring(0, 157) + "..." : line);
        if (drawn > 0) {
            err.print("\033[" + drawn + "A");
        }
        for (String l : lines.values()) {
            err.print("\033[2K" + l + "\n");
        }
        drawn = lines.size();
        err.flush();
    }

    @Override
    public synchronized void info(String message) {
        drawn = 0;
        err.println(message);
        err.flush();
    }

    @Override
    public synchronized void warn(String message) {
        drawn = 0;
        err.println("warning: " + message);
        err.flush();
    }

    @Override
    public synchronized void planned(DeployPlan plan) {
        plan.services().forEach(s -> nameWidth = Math.max(nameWidth, s.service().length()));
        PlanPrinter.print(plan, err);
    }

    @Override
    public synchronized void serviceRendered(ServiceRender result) {
        if (result instanceof ServiceRender.Failed) {
            err.printf("  FAILED   %s (%d ms)%n", result.service(), result.millis());
        } else if (result instanceof ServiceRender.Rendered rendered) {
            rendered.warnings().forEach(w -> err.println("warning: " + w));
            if (verbose) {
                err.printf("  rendered %s: %d objects (%d ms)%n", result.service(), rendered.manifests().size(), result.millis());
            }
        } else if (result instanceof ServiceRender.Recorded recorded) {
            recorded.warnings().forEach(w -> err.println("warning: " + w));
            if (verbose) {
                err.printf("  recorded %s: rendered from the same inputs as its last deploy, whose objects stand in%n", result.service());
            }
        }
        err.flush();
    }

    /** Asks on the terminal; without one (CI, a pipe) the answer is no. */
    @Override
    public boolean confirm(String question) {
        err.flush();
        return CliStreams.agrees(question);
    }
}
