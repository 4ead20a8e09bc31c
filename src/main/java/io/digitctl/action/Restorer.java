package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.KindOrder;
import io.digitctl.kube.apply.Pruner;
import io.digitctl.kube.apply.RolloutWaiter;
import io.digitctl.kube.health.HealthStatus;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.digitctl.render.SecretMasking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts a service back to a recorded revision: re-applies its objects, deletes what a newer revision
 * added (only objects digitctl labelled), waits for the rollout and records a new revision. Secrets
 * are recorded without their values, so the live Secrets are kept as they are.
 */
final class Restorer {
    private final ClusterSession session;
    private final Ledger ledger;
    private final ApplyOptions options;
    private final ProgressListener progress;

    Restorer(ClusterSession session, Ledger ledger, ApplyOptions options, ProgressListener progress) {
        this.session = session;
        this.ledger = ledger;
        this.options = options;
        this.progress = progress;
    }

    /** Back to the last good revision before {@code revision}; with none, the objects of {@code revision} are removed. */
    String restorePrevious(String service, int revision, String why) {
        Revision current = ledger.revision(service, revision)
                .orElseThrow(() -> new DigitctlException("Service " + service + " has no revision " + revision + " in environment " + session.env.name() + "."));
        return ledger.lastGoodBefore(service, revision)
                .map(target -> restore(target, current, why).reason())
                .orElseGet(() -> remove(current, why));
    }

    ServiceOutcome restore(Revision target, Revision current, String why) {
        long start = System.nanoTime();
        progress.serviceState(target.service(), "rolling back", "to revision " + target.number(), 0);
        List<Map<String, Object>> objects = new ArrayList<>(target.manifests().stream().filter(o -> !maskedSecret(o)).toList());
        objects.sort(KindOrder.OBJECTS);
        for (Map<String, Object> object : objects) {
            session.cluster.apply(object, false);
        }
        List<ResourceKey> pruned = new Pruner(session.cluster, session.env.name())
                .prune(target.service(), Pruner.candidates(current.manifests(), target.manifests()));
        HealthStatus health = new RolloutWaiter(session.cluster, options.timeout(), options.poll(), options.problemGrace())
                .await(objects, detail -> progress.serviceState(target.service(), "rolling back", detail, DeployAction.millis(start)));
        boolean skippedSecrets = objects.size() < target.manifests().size();
        String reason = "rolled back to revision " + target.number() + " (" + target.image() + ")"
                + (pruned.isEmpty() ? "" : ", removed " + pruned.size() + " newer objects")
                + (skippedSecrets ? "; Secrets kept as they are (the ledger holds no secret values)" : "")
                + (health.isHealthy() ? "" : "; but " + health.message());
        Revision recorded = ledger.create(new Revision(session.env.name(), target.service(), 0,
                health.isHealthy() ? Revision.Status.DEPLOYED : Revision.Status.FAILED, target.image(), target.tag(), target.chart(),
                target.valuesDigest(), target.manifests(), ClusterSession.user(), ClusterSession.host(), Instant.now().toString(),
                Instant.now().toString(), why + ": rollback to revision " + target.number(), target.deployId(), target.namespace()));
        progress.serviceState(target.service(), health.isHealthy() ? "rolled back" : "failed", reason, DeployAction.millis(start));
        return new ServiceOutcome(target.service(), target.image(), health.isHealthy() ? ServiceOutcome.Result.ROLLED_BACK
                : ServiceOutcome.Result.FAILED, DeployAction.millis(start), reason, recorded.number(),
                objects.stream().map(KubeObjects::key).toList());
    }

    private String remove(Revision current, String why) {
        List<ResourceKey> removed = new Pruner(session.cluster, session.env.name()).prune(current.service(), current.manifests());
        ledger.create(current.with(Revision.Status.DEPLOYED, Instant.now().toString(),
                why + ": removed, there was no earlier revision", List.of()));
        progress.serviceState(current.service(), "removed", removed.size() + " objects", 0);
        return "removed its " + removed.size() + " objects: there was no earlier revision to go back to";
    }

    private static boolean maskedSecret(Map<String, Object> object) {
        if (!"Secret".equals(object.get("kind"))) {
            return false;
        }
        for (String field : List.of("data", "stringData")) {
            if (object.get(field) instanceof Map<?, ?> values && values.containsValue(SecretMasking.MASK)) {
                return true;
            }
        }
        return false;
    }
}
