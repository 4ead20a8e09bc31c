package io.digitctl.cli;

import io.digitctl.plan.DeployPlan;
import io.digitctl.plan.PlanLevel;
import io.digitctl.plan.ServiceDeploy;

import java.io.PrintWriter;

/** The plan as a table: level by level, each service with the tag it gets and where the tag came from. */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void print(DeployPlan plan, PrintWriter out) {
        out.printf("Plan: %s: %d service%s in %d level%s%n", plan.description(), plan.size(), plan.size() == 1 ? "" : "s",
                plan.levels().size(), plan.levels().size() == 1 ? "" : "s");
        int width = plan.services().stream().mapToInt(s -> s.service().length()).max().orElse(10);
        int tagWidth = plan.services().stream().mapToInt(s -> s.displayTag().length()).max().orElse(10);
        for (PlanLevel level : plan.levels()) {
            out.printf("  level %d%s%n", level.number(), level.modules().isEmpty() ? "" : " (" + String.join(", ", level.modules()) + ")");
            for (ServiceDeploy s : level.services()) {
                String migration = s.migrationTag() != null && !s.migrationTag().equals(s.appTag())
                        ? "  migration " + s.migrationTag() : "";
                out.printf("    %-" + width + "s  %-" + tagWidth + "s  %s%s%n", s.service(), s.displayTag(),
                        s.tagSource().label(), migration);
            }
        }
        if (!plan.skipped().isEmpty()) {
            out.printf("  skipped (no chart): %s%n", String.join(", ", plan.skipped().stream().map(m -> m.service()).toList()));
        }
        out.flush();
    }
}
