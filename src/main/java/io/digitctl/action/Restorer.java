package io.digitctl.action;

import io.digitctl.event.Cancellation;
import io.digitctl.event.ProgressListener;
import io.digitctl.kube.apply.Pruner;
import io.digitctl.kube.apply.ServiceApplier;
import io.digitctl.kube.apply.WebhookGate;
import io.digitctl.kube.discovery.KindCatalog;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.digitctl.render.HelmHook;
import io.digitctl.render.SecretMasking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a service back to a recorded revision through the same pipeline as a deploy, with the
 * {@code pre-rollback} and {@code post-rollback} hooks of that revision: re-applies its objects,
 * deletes what a newer revision added (only objects digitctl labelled), waits for the rollout and
 * records a new revision, pending until it is done. Secrets are recorded without their values, so
 * the live Secrets are kept as they are.
 */
final class Restorer {
    private final ClusterSession session;
    private final Ledger ledger;
    private final ApplyOptions options;
    private final ProgressListener progress;
    private final Cancellation cancellation;
    private KindCatalog kinds;

    Restorer(ClusterSession session, Ledger ledger, ApplyOptions options, ProgressListener progress) {
        this(session, ledger, options, progress, Cancellation.none());
    }

    Restorer(ClusterSession session, Ledger ledger, ApplyOptions options, ProgressListener progress, Cancellation cancellation) {
        this.session = session;
        this.ledger = ledger;
        this.options = options;
        this.progress = progress;
        this.cancellation = cancellation;
    }

    /**
     * Back to the last good revision before {@code revision}; with none, the objects of
     * {@code revision} are removed. A rollback that does not get the service healthy again throws,
     * with what it did.
     */
    String restorePrevious(String service, int revision, String why) {
        Revision current = ledger.revision(service, revision)
                .orElseThrow(() -> new DigitctlException("Service " + service + " has no revision " + revision + " in environment " + session.env.name() + "."));
        Optional<Revision> target = ledger.lastGoodBefore(service, revision);
        if (target.isEmpty()) {
            return remove(current, why);
        }
        ServiceOutcome outcome = restore(target.get(), current, why);
        if (outcome.result() == ServiceOutcome.Result.FAILED) {
            throw new DigitctlException(outcome.reason());
        }
        return outcome.reason();
    }

    ServiceOutcome restore(Revision target, Revision current, String why) {
        long start = System.nanoTime();
        progress.serviceState(target.service(), "rolling back", "to revision " + target.number(), 0);
        List<Map<String, Object>> recorded = target.manifests().stream().filter(o -> !maskedSecret(o)).toList();
        List<Map<String, Object>> hooks = recorded.stream().filter(o -> HelmHook.of(o).isPresent()).toList();
        List<Map<String, Object>> objects = recorded.stream().filter(o -> HelmHook.of(o).isEmpty()).toList();
        Revision pending = ledger.create(new Revision(session.env.name(), target.service(), 0, Revision.Status.PENDING, target.image(),
                target.tag(), target.chart(), target.valuesDigest(), target.manifests(), ClusterSession.user(), ClusterSession.host(),
                Instant.now().toString(), null, why + ": rollback to revision " + target.number(), target.deployId(), target.namespace()));
        ServiceApplier applier = new ServiceApplier(session.cluster, session.env.name(), session.defaultNamespace(), kinds());
        Thread restoring = Thread.currentThread();
        Runnable unregister = cancellation.onCancel(restoring::interrupt);
        ServicePipeline.Outcome outcome;
        try {
            outcome = new ServicePipeline(session.cluster, session.env.name(), applier, options, progress,
                    WebhookGate.none(), ServicePipeline.Completion.NONE)
                    .run(new ServicePipeline.Work(target.service(), objects, hooks, "rollback",
                            Pruner.candidates(current.manifests(), target.manifests())), "rolling back");
        } finally {
            unregister.run();
            // the rollback records itself even when a signal stopped it
            Thread.interrupted();
        }
        boolean interrupted = cancellation.cancelled() && !outcome.ok();
        boolean skippedSecrets = recorded.size() < target.manifests().size();
        String reason = "rolled back to revision " + target.number() + (target.image().startsWith("(") ? " " + target.image() : " (" + target.image() + ")")
                + (outcome.pruned().isEmpty() ? "" : ", removed " + outcome.pruned().size() + " newer objects")
                + (skippedSecrets ? "; Secrets kept as they are (the ledger holds no secret values)" : "")
                + (outcome.ok() ? "" : "; but " + outcome.reason());
        ledger.update(pending.with(outcome.ok() ? Revision.Status.DEPLOYED : interrupted ? Revision.Status.INTERRUPTED : Revision.Status.FAILED,
                Instant.now().toString(), why + ": rollback to revision " + target.number() + (outcome.ok() ? ""
                        : (interrupted ? "; interrupted by " + cancellation.signal() + ", after applying "
                        + String.join(", ", outcome.applied().stream().map(o -> KubeObjects.key(o).toString()).toList()) : "")
                        + "; " + outcome.reason()), target.manifests()));
        progress.serviceState(target.service(), outcome.ok() ? "rolled back" : "failed", reason, DeployAction.millis(start));
        return new ServiceOutcome(target.service(), target.image(), outcome.ok() ? ServiceOutcome.Result.ROLLED_BACK
                : ServiceOutcome.Result.FAILED, DeployAction.millis(start), reason, pending.number(),
                outcome.applied().stream().map(KubeObjects::key).toList());
    }

    /** Discovery, read once however many services an --atomic rollback restores. */
    private KindCatalog kinds() {
        if (kinds == null) {
            kinds = new KindCatalog(session.cluster.servedKinds());
        }
        return kinds;
    }

    private String remove(Revision current, String why) {
        List<ResourceKey> removed = new Pruner(session.cluster, session.env.name()).prune(current.service(), current.manifests());
        // the record of a removal holds no objects: it must never stand in for a render of the service
        ledger.create(current.with(Revision.Status.DEPLOYED, Instant.now().toString(),
                why + ": removed, there was no earlier revision", List.of()).withRenderInput(null));
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
