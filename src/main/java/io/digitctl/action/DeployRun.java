package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.DigitctlException;
import io.digitctl.plan.ServiceDeploy;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.Environment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A deploy with what an environment pipeline adds around the engine: writing its plan to a file
 * instead of applying it (--plan-out), applying exactly a plan file (--plan), recording where
 * promoted images came from, and notifying at its start and end (--notify, digitctl.notify).
 */
public final class DeployRun {
    /**
     * @param planOut      write the plan here and apply nothing
     * @param planIn       the plan file to apply exactly (the request is taken from it)
     * @param notifyUrls   URLs to notify, besides the env file's digitctl.notify
     * @param action       what the notifications call it: deploy, promote
     * @param promotedFrom where each service's images come from, for a promote
     */
    public record Extras(Path planOut, Path planIn, List<String> notifyUrls, String action, Map<String, Revision.Source> promotedFrom) {
    }

    /** The deploy's result, and the plan file written instead of deploying (else null). */
    public record Outcome(DeployResult result, PlanFile planWritten) {
    }

    private final ProgressListener progress;
    private final io.digitctl.event.Cancellation cancellation;

    public DeployRun(ProgressListener progress) {
        this(progress, io.digitctl.event.Cancellation.none());
    }

    public DeployRun(ProgressListener progress, io.digitctl.event.Cancellation cancellation) {
        this.progress = progress;
        this.cancellation = cancellation;
    }

    public Outcome run(DeployRequest given, ApplyOptions options, Extras extras) {
        PlanFile plan = extras.planIn() == null ? null : PlanFile.read(extras.planIn());
        if (plan != null && !plan.environment().equals(given.environment())) {
            throw new DigitctlException("The plan file " + extras.planIn() + " was made for environment " + plan.environment()
                    + ", not " + given.environment() + ".");
        }
        DeployRequest request = plan == null ? given : plan.request(given);
        if (plan != null) {
            progress.info("applying plan " + extras.planIn() + " made by " + plan.plannedBy() + " at " + plan.plannedAt());
        }
        Environment env = new DeployTree(request.helmDir()).environment(request.environment());
        String release = request.isRelease() ? request.product() + " " + request.version() : null;
        Notifier notifier = new Notifier(extras.planOut() != null ? List.of() : Notifier.urls(extras.notifyUrls(), env), progress,
                extras.action(), env.name(), release);
        AtomicReference<PlannedDeploy> seen = new AtomicReference<>();
        AtomicReference<PlanFile> written = new AtomicReference<>();
        DeployHooks hooks = new DeployHooks() {
            @Override
            public boolean beforeApply(PlannedDeploy planned) {
                seen.set(planned);
                if (plan != null) {
                    List<String> problems = plan.problems(planned);
                    if (!problems.isEmpty()) {
                        throw new DigitctlException("Refusing the plan " + extras.planIn() + ", nothing was applied: "
                                + String.join("; and ", problems) + ". Make a new plan with --plan-out and have it approved again.");
                    }
                }
                if (extras.planOut() != null) {
                    written.set(PlanFile.of(request, planned));
                    return false;
                }
                if (notifier.enabled()) {
                    notifier.started(changes(planned, null));
                }
                return true;
            }

            @Override
            public Revision.Source promotedFrom(String service) {
                return extras.promotedFrom() == null ? null : extras.promotedFrom().get(service);
            }

            @Override
            public String plannedBy() {
                return plan == null ? null : plan.plannedBy();
            }
        };
        DeployResult result;
        try {
            result = new DeployAction(progress, hooks, cancellation).run(request, options);
        } catch (RuntimeException e) {
            if (notifier.enabled()) {
                notifier.finished("failed", null, seen.get() == null ? List.of() : changes(seen.get(), null), List.of(String.valueOf(e.getMessage())));
            }
            throw e;
        }
        if (extras.planOut() != null) {
            written.get().write(extras.planOut());
            return new Outcome(result, written.get());
        }
        if (notifier.enabled()) {
            List<String> failures = result.services().stream().filter(o -> !o.healthy())
                    .map(o -> o.service() + ": " + o.reason()).toList();
            notifier.finished(result.ok() ? "succeeded" : "failed", result.deployId(), changes(seen.get(), result), failures);
        }
        return new Outcome(result, null);
    }

    private static List<Notifier.Change> changes(PlannedDeploy planned, DeployResult result) {
        List<Notifier.Change> out = new ArrayList<>();
        if (planned == null) {
            return out;
        }
        Map<String, Revision> before = planned.ledgerState();
        for (ServiceDeploy s : planned.plan().services()) {
            Revision last = before.get(s.service());
            ServiceOutcome o = result == null ? null : result.services().stream().filter(x -> x.service().equals(s.service())).findFirst().orElse(null);
            out.add(new Notifier.Change(s.service(), last == null ? null : last.image(), DeployAction.image(s),
                    o == null ? null : o.result().name().toLowerCase(), o == null || o.healthy() ? null : o.reason()));
        }
        return out;
    }
}
