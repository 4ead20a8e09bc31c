package io.digitctl.action;

import io.digitctl.event.Cancellation;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.health.HealthRules;
import io.digitctl.kube.health.HealthStatus;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.kube.lock.EnvironmentLock;
import io.digitctl.model.DigitctlException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code status}, {@code history} and {@code rollback}: the ledger and the live objects of an
 * environment. None needs the tree: without an env file they work from the cluster alone.
 */
public final class ClusterQueries {

    /** One service now: what runs, whether it is healthy, and its last revision. */
    public record ServiceStatus(String service, String image, long ready, long desired, HealthStatus health, int revision,
                                String revisionStatus, String deployedAt, String deployedBy) {

        /** As {@code status --output json} prints it, and the dashboard's API serves it. */
        public Map<String, Object> asJson() {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("service", service);
            item.put("image", image);
            item.put("ready", ready);
            item.put("desired", desired);
            item.put("health", health.code().name().toLowerCase());
            item.put("message", health.message());
            item.put("revision", revision);
            item.put("revisionStatus", revisionStatus);
            item.put("deployedAt", deployedAt);
            item.put("deployedBy", deployedBy);
            return item;
        }
    }

    private final io.digitctl.event.ProgressListener progress;

    public ClusterQueries(io.digitctl.event.ProgressListener progress) {
        this.progress = progress;
    }

    public List<ServiceStatus> status(Path helmDir, String environment, io.digitctl.kube.KubeConnector.Target target) {
        try (ClusterSession session = ClusterSession.openForLedger(helmDir, environment, target, progress)) {
            return statuses(session);
        }
    }

    /** Each recorded service now, from its latest revision (the history is oldest first, by service). */
    static List<ServiceStatus> statuses(ClusterSession session) {
        Map<String, Revision> latest = new LinkedHashMap<>();
        for (Revision r : session.ledger().history(null)) {
            latest.put(r.service(), r);
        }
        List<ServiceStatus> out = new ArrayList<>();
        for (Revision r : latest.values()) {
            out.add(statusOf(session, r));
        }
        return out;
    }

    static ServiceStatus statusOf(ClusterSession session, Revision r) {
        String image = "-";
        long ready = 0;
        long desired = 0;
        HealthStatus health = HealthStatus.healthy("no workloads");
        List<String> unhealthy = new ArrayList<>();
        for (Map<String, Object> recorded : r.manifests()) {
            if (!HealthRules.WORKLOADS.contains(String.valueOf(recorded.get("kind")))
                    || io.digitctl.render.HelmHook.of(recorded).isPresent()) {
                // a hook Job is deleted by its own policy once it succeeded: its absence says nothing of health
                continue;
            }
            Map<String, Object> live = session.cluster.get(KubeObjects.apiVersion(recorded), KubeObjects.key(recorded)).orElse(null);
            if (live == null) {
                unhealthy.add(KubeObjects.key(recorded) + " is missing");
                continue;
            }
            List<Map<String, Object>> containers = KubeObjects.list(live, "spec", "template", "spec", "containers");
            if (image.equals("-") && !containers.isEmpty()) {
                image = String.valueOf(containers.get(0).get("image"));
            }
            desired += KubeObjects.at(live, "spec", "replicas") == null ? 1 : KubeObjects.number(live, "spec", "replicas");
            ready += KubeObjects.number(live, "status", "readyReplicas");
            HealthStatus h = HealthRules.of(live);
            if (!h.isHealthy()) {
                unhealthy.add(h.toString());
            }
            health = h.isHealthy() && unhealthy.isEmpty() ? h : health;
        }
        if (!unhealthy.isEmpty()) {
            // a deploy that failed has already waited for its rollout: what is still rolling out will not finish by itself
            boolean failed = r.status() == Revision.Status.FAILED;
            health = new HealthStatus(failed || unhealthy.stream().anyMatch(u -> u.contains("missing") || u.startsWith("Degraded"))
                    ? HealthStatus.Code.DEGRADED : HealthStatus.Code.PROGRESSING, failed ? failedMessage(r, unhealthy) : String.join("; ", unhealthy));
        }
        return new ServiceStatus(r.service(), image, ready, desired, health, r.number(), r.describeStatus(),
                r.finishedAt() != null ? r.finishedAt() : r.startedAt(), r.user() + "@" + r.host());
    }

    /** The failed revision with its reason, then what the live objects say that the reason does not already. */
    private static String failedMessage(Revision r, List<String> unhealthy) {
        String reason = r.message() == null || r.message().isBlank() ? "" : r.message().strip();
        // a health line reads "Progressing: <message>"; a revision that timed out already holds that message
        List<String> more = unhealthy.stream().filter(u -> !reason.contains(u.contains(": ") ? u.substring(u.indexOf(": ") + 2) : u)).toList();
        return "revision " + r.number() + " failed" + (reason.isEmpty() ? "" : " (" + reason + ")")
                + (more.isEmpty() ? "" : "; " + String.join("; ", more));
    }

    public List<Revision> history(Path helmDir, String environment, String service, io.digitctl.kube.KubeConnector.Target target) {
        try (ClusterSession session = ClusterSession.openForLedger(helmDir, environment, target, progress)) {
            return session.ledger().history(service);
        }
    }

    /** Re-applies the recorded objects of a revision (default: the last good one before the latest) and records a new revision. */
    public ServiceOutcome rollback(Path helmDir, String environment, String service, Integer revision, ApplyOptions options) {
        return rollback(helmDir, environment, service, revision, options, Cancellation.none());
    }

    /** As above; a signal stops the rollback's waits, and the new revision records what it applied as interrupted. */
    @SuppressWarnings("try") // the lock is held for the duration of the block, not used in it
    public ServiceOutcome rollback(Path helmDir, String environment, String service, Integer revision, ApplyOptions options,
                                   Cancellation cancellation) {
        try (ClusterSession session = ClusterSession.openForLedger(helmDir, environment, options.target(), progress)) {
            try (EnvironmentLock lock = session.lock("rollback of " + service, options.forceUnlock(), progress)) {
                Revision latest = session.ledger().latest(service).orElseThrow(() -> new DigitctlException(
                        "Service " + service + " has no revisions in environment " + environment + "; nothing to roll back."));
                Revision target = revision != null
                        ? session.ledger().revision(service, revision).orElseThrow(() -> new DigitctlException("Service " + service
                        + " has no revision " + revision + ". Run 'digitctl history -e " + environment + " " + service + "' to see them."))
                        : session.ledger().lastGoodBefore(service, latest.number()).orElseThrow(() -> new DigitctlException(
                        "Service " + service + " has no earlier good revision than " + latest.number() + " to roll back to."));
                return new Restorer(session, session.ledger(), options, progress, cancellation).restore(target, latest, "rollback");
            }
        }
    }
}
