package io.digitctl.cli;

import io.digitctl.action.DeployResult;
import io.digitctl.action.ServiceOutcome;

import java.io.PrintWriter;
import java.util.List;

/** The end-of-deploy summary: service, image, result, time, reason. */
final class OutcomeTable {
    private OutcomeTable() {
    }

    static void print(List<ServiceOutcome> outcomes, PrintWriter out) {
        int s = Math.max(7, outcomes.stream().mapToInt(o -> o.service().length()).max().orElse(0));
        int i = Math.max(5, outcomes.stream().mapToInt(o -> o.image().length()).max().orElse(0));
        String format = "%-" + s + "s  %-" + i + "s  %-11s  %7s  %s%n";
        out.printf(format, "SERVICE", "IMAGE", "RESULT", "TIME", "REASON");
        for (ServiceOutcome o : outcomes) {
            out.printf(format, o.service(), o.image(), o.result().name().toLowerCase().replace('_', ' '),
                    String.format("%.1fs", o.millis() / 1000.0), o.reason() == null ? "" : o.reason());
        }
        for (ServiceOutcome o : outcomes) {
            if (o.result() == ServiceOutcome.Result.FAILED && !o.applied().isEmpty()) {
                out.println(o.service() + " had applied (recorded in revision " + o.revision() + "): "
                        + String.join(", ", o.applied().stream().map(Object::toString).toList()));
            }
        }
        out.flush();
    }

    /**
     * The line under the table: "Deployed: 3 of 6 services deployed, 3 unchanged (deploy ID)." {@code ok} and {@code done}
     * name the result ("Deployed", "deployed"), {@code scope} what follows the count ("" or " from qa to uat").
     */
    static String summary(DeployResult result, String ok, String done, String scope) {
        List<ServiceOutcome> services = result.services();
        long failed = services.stream().filter(s -> !s.healthy()).count();
        long same = services.stream().filter(s -> s.result() == ServiceOutcome.Result.UNCHANGED).count();
        return String.format("%s: %d of %d services %s%s%s (deploy %s).", result.ok() ? ok : "FAILED", services.size() - failed - same,
                services.size(), done, scope, same == 0 ? "" : ", " + same + " unchanged", result.deployId());
    }
}
