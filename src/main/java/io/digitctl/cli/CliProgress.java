package io.digitctl.cli;

import io.digitctl.event.ProgressListener;
import io.digitctl.plan.DeployPlan;
import io.digitctl.render.ServiceRender;

import java.io.PrintWriter;

/** Progress and warnings on stderr, one line each, so that stdout stays clean for YAML. */
final class CliProgress implements ProgressListener {
    private final PrintWriter err;
    private final boolean verbose;

    CliProgress(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public synchronized void info(String message) {
        err.println(message);
        err.flush();
    }

    @Override
    public synchronized void warn(String message) {
        err.println("warning: " + message);
        err.flush();
    }

    @Override
    public synchronized void planned(DeployPlan plan) {
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
        }
        err.flush();
    }
}
