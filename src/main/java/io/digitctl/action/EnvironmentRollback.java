package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.ledger.DeployRecord;
import io.digitctl.kube.ledger.DeployRecords;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.kube.lock.EnvironmentLock;
import io.digitctl.model.DigitctlException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An environment back to how an earlier deploy left it: every service of that deploy returns to the
 * revision it had right after it, in the deploy's plan order, as one new recorded deploy. Services
 * already there are left alone; after a service fails, the ones after it are not started.
 */
public final class EnvironmentRollback {

    public record Result(String deployId, String toDeploy, List<ServiceOutcome> services) {
        public boolean ok() {
            return services.stream().allMatch(s -> s.healthy() || s.result() == ServiceOutcome.Result.ROLLED_BACK);
        }
    }

    private final ProgressListener progress;

    public EnvironmentRollback(ProgressListener progress) {
        this.progress = progress;
    }

    /** The environment's deploy records, oldest first. */
    public List<DeployRecord> deploys(Path helmDir, String environment, io.digitctl.kube.KubeConnector.Target target) {
        try (ClusterSession session = ClusterSession.openForLedger(helmDir, environment, target, progress)) {
            return new DeployRecords(session.cluster, ApplyOptions.LEDGER_NAMESPACE).history(environment);
        }
    }

    @SuppressWarnings("try") // the lock is held for the duration of the block, not used in it
    public Result run(Path helmDir, String environment, String toDeploy, ApplyOptions options, List<String> notify) {
        try (ClusterSession session = ClusterSession.openForLedger(helmDir, environment, options.target(), progress)) {
            try (EnvironmentLock lock = session.lock("rollback to deploy " + toDeploy, options.forceUnlock(), progress)) {
                DeployRecords records = new DeployRecords(session.cluster, ApplyOptions.LEDGER_NAMESPACE);
                List<DeployRecord> all = records.history(environment);
                DeployRecord record = all.stream().filter(r -> r.deployId().equals(toDeploy)).findFirst().orElseThrow(() ->
                        new DigitctlException("Environment " + environment + " has no deploy " + toDeploy + " recorded"
                                + (all.isEmpty() ? "." : "; the last ones are " + String.join(", ", all.subList(Math.max(0, all.size() - 5), all.size())
                                .stream().map(DeployRecord::deployId).toList()) + ".") + " Run 'digitctl history -e " + environment + " --deploys'."));
                return rollBack(session, records, record, options, notify);
            }
        }
    }

    private Result rollBack(ClusterSession session, DeployRecords records, DeployRecord record, ApplyOptions options, List<String> notify) {
        String deployId = DeployRecord.newId();
        String startedAt = Instant.now().toString();
        Ledger ledger = session.ledger();
        Restorer restorer = new Restorer(session, ledger, options, progress);
        List<Step> steps = new ArrayList<>();
        for (DeployRecord.Entry e : record.services()) {
            steps.add(step(ledger, e, record.deployId()));
        }
        Notifier notifier = new Notifier(Notifier.urls(notify, session.env), progress, "rollback", session.env.name(),
                "to deploy " + record.deployId());
        notifier.started(steps.stream().filter(s -> s.target != null)
                .map(s -> new Notifier.Change(s.service, s.current == null ? null : s.current.image(), s.target.image(), null, null)).toList());
        List<ServiceOutcome> outcomes = new ArrayList<>();
        String stoppedBy = null;
        for (Step s : steps) {
            String why = "rollback to deploy " + record.deployId() + " (deploy " + deployId + ")";
            if (s.target == null) {
                outcomes.add(new ServiceOutcome(s.service, "-", ServiceOutcome.Result.NOT_STARTED, 0, s.note, 0, List.of()));
            } else if (stoppedBy != null) {
                outcomes.add(new ServiceOutcome(s.service, s.target.image(), ServiceOutcome.Result.NOT_STARTED, 0,
                        "not started: " + stoppedBy + " failed before it", 0, List.of()));
            } else if (s.current != null && s.current.status() == Revision.Status.DEPLOYED && (s.current.number() == s.target.number()
                    || (s.current.valuesDigest() != null && s.current.valuesDigest().equals(s.target.valuesDigest())))) {
                progress.serviceState(s.service, "unchanged", "already at revision " + s.target.number() + "'s objects", 0);
                outcomes.add(new ServiceOutcome(s.service, s.target.image(), ServiceOutcome.Result.UNCHANGED, 0,
                        "unchanged: revision " + s.current.number() + " holds what deploy " + record.deployId() + " left", s.current.number(), List.of()));
            } else {
                ServiceOutcome o;
                try {
                    o = restorer.restore(s.target, s.current, why);
                } catch (DigitctlException e) {
                    o = new ServiceOutcome(s.service, s.target.image(), ServiceOutcome.Result.FAILED, 0, e.getMessage(), 0, List.of());
                }
                outcomes.add(o);
                if (o.result() == ServiceOutcome.Result.FAILED) {
                    stoppedBy = s.service;
                }
            }
        }
        Result result = new Result(deployId, record.deployId(), outcomes);
        try {
            records.write(new DeployRecord(deployId, session.env.name(), "rollback to deploy " + record.deployId(), ClusterSession.user(),
                    ClusterSession.host(), startedAt, Instant.now().toString(), result.ok() ? "deployed" : "failed",
                    outcomes.stream().map(o -> new DeployRecord.Entry(o.service(), o.revision(), o.result().name().toLowerCase(), o.reason())).toList()));
        } catch (DigitctlException e) {
            progress.warn("the environment-level record of rollback " + deployId + " could not be written: " + e.getMessage());
        }
        List<Notifier.Change> changes = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            ServiceOutcome o = outcomes.get(i);
            changes.add(new Notifier.Change(s.service, s.current == null ? null : s.current.image(), s.target == null ? null : s.target.image(),
                    o.result().name().toLowerCase(), o.healthy() || o.result() == ServiceOutcome.Result.ROLLED_BACK ? null : o.reason()));
        }
        notifier.finished(result.ok() ? "succeeded" : "failed", deployId, changes, outcomes.stream()
                .filter(o -> o.result() == ServiceOutcome.Result.FAILED).map(o -> o.service() + ": " + o.reason()).toList());
        return result;
    }

    /** One service: the revision it had right after the deploy, its latest now, or why it is left out. */
    private record Step(String service, Revision target, Revision current, String note) {
    }

    private static Step step(Ledger ledger, DeployRecord.Entry e, String deployId) {
        List<Revision> history = ledger.history(e.service());
        Revision current = history.isEmpty() ? null : history.get(history.size() - 1);
        if (e.revision() == 0) {
            return new Step(e.service(), null, current, "left as it is: not started in deploy " + deployId);
        }
        Optional<Revision> exact = history.stream().filter(r -> r.number() == e.revision()
                && (r.status() == Revision.Status.DEPLOYED || r.status() == Revision.Status.SUPERSEDED)).findFirst();
        Optional<Revision> target = exact.isPresent() ? exact : Ledger.lastGoodBefore(history, e.revision());
        if (target.isEmpty()) {
            return new Step(e.service(), null, current, "left as it is: no good revision of it after deploy " + deployId
                    + " is kept (revision " + e.revision() + " " + e.result() + ")");
        }
        return new Step(e.service(), target.get(), current, null);
    }
}
