package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.ClusterScope;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.ApplyFailure;
import io.digitctl.kube.apply.Pruner;
import io.digitctl.kube.apply.RolloutWaiter;
import io.digitctl.kube.apply.ServiceApplier;
import io.digitctl.kube.health.HealthStatus;
import io.digitctl.kube.ledger.DeployRecord;
import io.digitctl.kube.ledger.DeployRecords;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.kube.lock.EnvironmentLock;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.digitctl.plan.DeployPlan;
import io.digitctl.plan.PlanLevel;
import io.digitctl.plan.ServiceDeploy;
import io.digitctl.render.Manifest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Deploys a plan to a cluster: connect before anything is rendered, lock the environment, render
 * for the cluster's Kubernetes version with the tags that run now for untagged images, apply
 * namespaces and CRDs first, then level by level (services of a level in parallel, each service's
 * objects in kind order, each recorded in the ledger first as pending), wait for each service's
 * rollout, stop at a failed level, prune, and roll back with --atomic.
 */
public final class DeployAction {
    private final ProgressListener progress;

    public DeployAction(ProgressListener progress) {
        this.progress = progress;
    }

    @SuppressWarnings("try") // the lock is held for the duration of the block, not used in it
    public DeployResult run(DeployRequest request, ApplyOptions options) {
        try (ClusterSession session = ClusterSession.open(request.helmDir(), request.environment(), options.target())) {
            if (options.forceUnlock()) {
                EnvironmentLock.forceRelease(session.cluster, session.env.name(), ApplyOptions.LEDGER_NAMESPACE);
                progress.warn("removed the lock of environment " + session.env.name() + " (--force-unlock)");
            }
            try (EnvironmentLock lock = EnvironmentLock.acquire(session.cluster, session.env.name(), ApplyOptions.LEDGER_NAMESPACE,
                    ClusterSession.identity(), "deploy")) {
                return new Run(session, request, options).deploy();
            }
        }
    }

    /** One deploy: its state, kept apart from the action so that the action stays reusable. */
    private final class Run {
        private final ClusterSession session;
        private final DeployRequest request;
        private final ApplyOptions options;
        private final String deployId = Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        private final Ledger ledger;
        private final ServiceApplier applier;
        private final Map<String, Revision> pending = new ConcurrentHashMap<>();
        private final List<ResourceKey> pruned = java.util.Collections.synchronizedList(new ArrayList<>());
        private final String startedAt = Instant.now().toString();

        Run(ClusterSession session, DeployRequest request, ApplyOptions options) {
            this.session = session;
            this.request = request;
            this.options = options;
            this.ledger = session.ledger();
            this.applier = new ServiceApplier(session.cluster, session.env.name(), session.defaultNamespace());
        }

        DeployResult deploy() {
            RenderResult rendered = session.render(request, progress, "Nothing was applied: ");
            DeployPlan plan = rendered.plan();
            Map<String, List<Manifest>> manifests = new LinkedHashMap<>();
            rendered.report().rendered().forEach(r -> manifests.put(r.service(), r.manifests()));
            Map<String, List<Map<String, Object>>> pruneCandidates = pruneCandidates(manifests);
            Thread interrupted = new Thread(this::markInterrupted, "digitctl-interrupted");
            Runtime.getRuntime().addShutdownHook(interrupted);
            try {
                Map<String, List<Map<String, Object>>> early;
                try {
                    early = applyClusterWide(manifests);
                } catch (DigitctlException e) {
                    record(plan, plan.services().stream().map(s -> new ServiceOutcome(s.service(), image(s), ServiceOutcome.Result.NOT_STARTED,
                            0, "not started: the namespaces and CRDs failed", 0, List.of())).toList());
                    throw e;
                }
                List<ServiceOutcome> outcomes = applyLevels(plan, manifests, early, pruneCandidates);
                if (options.atomic() && outcomes.stream().anyMatch(o -> o.result() == ServiceOutcome.Result.FAILED)) {
                    outcomes = rollBack(outcomes);
                }
                record(plan, outcomes);
                return new DeployResult(deployId, plan, outcomes, List.copyOf(pruned));
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(interrupted);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: it marked what was pending
                }
            }
        }

        /** What each service's last revision applied that it no longer renders; shown before anything is applied. */
        private Map<String, List<Map<String, Object>>> pruneCandidates(Map<String, List<Manifest>> manifests) {
            Map<String, List<Map<String, Object>>> out = new HashMap<>();
            if (!options.prune()) {
                return out;
            }
            manifests.forEach((service, list) -> ledger.latest(service).ifPresent(last -> {
                List<Map<String, Object>> gone = Pruner.candidates(last.manifests(), list.stream().map(applier::desired).toList());
                if (!gone.isEmpty()) {
                    out.put(service, gone);
                    progress.info("will prune from " + service + ": " + String.join(", ", gone.stream().map(o -> KubeObjects.key(o).toString()).toList()));
                }
            }));
            return out;
        }

        /** Namespaces and CRDs of every service, before any level: others may need them. */
        private Map<String, List<Map<String, Object>>> applyClusterWide(Map<String, List<Manifest>> manifests) {
            Map<String, List<Map<String, Object>>> applied = new HashMap<>();
            for (Map.Entry<String, List<Manifest>> e : manifests.entrySet()) {
                List<Manifest> first = e.getValue().stream().filter(DeployAction::clusterWideFirst).toList();
                if (!first.isEmpty()) {
                    try {
                        applied.put(e.getKey(), applier.apply(first));
                    } catch (ApplyFailure f) {
                        throw new DigitctlException("Applying the namespaces and CRDs of " + e.getKey() + " failed, so no service was deployed: "
                                + f.getMessage() + (f.applied().isEmpty() ? "" : " Applied before the failure: "
                                + String.join(", ", f.applied().stream().map(o -> KubeObjects.key(o).toString()).toList())));
                    }
                }
            }
            return applied;
        }

        private List<ServiceOutcome> applyLevels(DeployPlan plan, Map<String, List<Manifest>> manifests,
                                                 Map<String, List<Map<String, Object>>> early,
                                                 Map<String, List<Map<String, Object>>> pruneCandidates) {
            List<ServiceOutcome> outcomes = new ArrayList<>();
            String stoppedBy = null;
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.parallel()), r -> {
                Thread t = new Thread(r, "deploy");
                t.setDaemon(true);
                return t;
            });
            try {
                for (PlanLevel level : plan.levels()) {
                    if (stoppedBy != null) {
                        for (ServiceDeploy s : level.services()) {
                            String reason = "not started: " + stoppedBy + " failed in an earlier level";
                            progress.serviceState(s.service(), "not started", reason, 0);
                            outcomes.add(new ServiceOutcome(s.service(), image(s), ServiceOutcome.Result.NOT_STARTED, 0, reason, 0, List.of()));
                        }
                        continue;
                    }
                    List<Future<ServiceOutcome>> futures = new ArrayList<>();
                    for (ServiceDeploy s : level.services()) {
                        futures.add(pool.submit(() -> deployService(s, manifests.get(s.service()),
                                early.getOrDefault(s.service(), List.of()), pruneCandidates.getOrDefault(s.service(), List.of()))));
                    }
                    List<String> failed = new ArrayList<>();
                    for (Future<ServiceOutcome> f : futures) {
                        ServiceOutcome outcome = await(f);
                        outcomes.add(outcome);
                        if (outcome.result() == ServiceOutcome.Result.FAILED) {
                            failed.add(outcome.service());
                        }
                    }
                    if (!failed.isEmpty()) {
                        stoppedBy = String.join(", ", failed);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            return outcomes;
        }

        private ServiceOutcome await(Future<ServiceOutcome> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DigitctlException("Interrupted while deploying; the ledger marks what was being applied.");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        private ServiceOutcome deployService(ServiceDeploy service, List<Manifest> manifests, List<Map<String, Object>> early,
                                             List<Map<String, Object>> pruneCandidates) {
            long start = System.nanoTime();
            List<Map<String, Object>> desired = manifests.stream().map(applier::desired).toList();
            Revision revision = ledger.create(new Revision(session.env.name(), service.service(), 0, Revision.Status.PENDING, image(service),
                    service.appTag(), session.tree.root().relativize(service.chart().chartDir()).toString(), digest(desired),
                    Ledger.withoutSecretValues(desired), ClusterSession.user(), ClusterSession.host(), Instant.now().toString(), null,
                    "deploy " + deployId, deployId, namespaceOf(desired)));
            pending.put(service.service(), revision);
            progress.serviceState(service.service(), "applying", manifests.size() + " objects", 0);
            List<Map<String, Object>> applied = new ArrayList<>(early);
            try {
                applied.addAll(applier.apply(manifests.stream().filter(m -> !clusterWideFirst(m)).toList()));
            } catch (ApplyFailure f) {
                applied.addAll(f.applied());
                return finish(service, revision, applied, ServiceOutcome.Result.FAILED, f.getMessage(), start);
            }
            progress.serviceState(service.service(), "rolling out", "", millis(start));
            HealthStatus health = new RolloutWaiter(session.cluster, options.timeout(), options.poll(), options.problemGrace())
                    .await(applied, detail -> progress.serviceState(service.service(), "rolling out", detail, millis(start)));
            if (!health.isHealthy()) {
                return finish(service, revision, applied, ServiceOutcome.Result.FAILED, health.message(), start);
            }
            if (!pruneCandidates.isEmpty()) {
                pruned.addAll(new Pruner(session.cluster, session.env.name()).prune(service.service(), pruneCandidates));
            }
            return finish(service, revision, applied, ServiceOutcome.Result.DEPLOYED, health.message(), start);
        }

        private ServiceOutcome finish(ServiceDeploy service, Revision revision, List<Map<String, Object>> applied,
                                      ServiceOutcome.Result result, String reason, long start) {
            Revision.Status status = result == ServiceOutcome.Result.DEPLOYED ? Revision.Status.DEPLOYED : Revision.Status.FAILED;
            ledger.update(revision.with(status, Instant.now().toString(), reason, Ledger.withoutSecretValues(applied)));
            pending.remove(service.service());
            progress.serviceState(service.service(), result == ServiceOutcome.Result.DEPLOYED ? "deployed" : "failed", reason, millis(start));
            return new ServiceOutcome(service.service(), image(service), result, millis(start), reason, revision.number(),
                    applied.stream().map(KubeObjects::key).toList());
        }

        /** --atomic: every service this deploy changed goes back to its previous revision, or away if it had none. */
        private List<ServiceOutcome> rollBack(List<ServiceOutcome> outcomes) {
            List<ServiceOutcome> out = new ArrayList<>();
            for (ServiceOutcome o : outcomes) {
                if (o.result() == ServiceOutcome.Result.NOT_STARTED || o.revision() == 0) {
                    out.add(o);
                    continue;
                }
                String reason = new Restorer(session, ledger, options, progress).restorePrevious(o.service(), o.revision(),
                        "atomic rollback of deploy " + deployId);
                out.add(new ServiceOutcome(o.service(), o.image(), ServiceOutcome.Result.ROLLED_BACK, o.millis(),
                        (o.result() == ServiceOutcome.Result.FAILED ? o.reason() + "; " : "") + reason, o.revision(), o.applied()));
            }
            return out;
        }

        private void record(DeployPlan plan, List<ServiceOutcome> outcomes) {
            boolean ok = outcomes.stream().allMatch(o -> o.result() == ServiceOutcome.Result.DEPLOYED);
            try {
                new DeployRecords(session.cluster, ApplyOptions.LEDGER_NAMESPACE).write(new DeployRecord(deployId, session.env.name(),
                        plan.description(), ClusterSession.user(), ClusterSession.host(), startedAt, Instant.now().toString(),
                        ok ? "deployed" : "failed", outcomes.stream().map(o -> new DeployRecord.Entry(o.service(), o.revision(),
                        o.result().name().toLowerCase(), o.reason())).toList()));
            } catch (DigitctlException e) {
                progress.warn("the environment-level record of deploy " + deployId + " could not be written: " + e.getMessage());
            }
        }

        /** On a signal: mark the revisions being applied as interrupted, so that the ledger says what happened. */
        private void markInterrupted() {
            for (Revision r : pending.values()) {
                try {
                    ledger.update(r.with(Revision.Status.INTERRUPTED, Instant.now().toString(), "interrupted by a signal", r.manifests()));
                } catch (RuntimeException e) {
                    // the revision stays pending, which says the same
                }
            }
        }

        private String namespaceOf(List<Map<String, Object>> objects) {
            return objects.stream().filter(o -> !ClusterScope.isClusterScoped(String.valueOf(o.get("kind"))))
                    .map(o -> String.valueOf(KubeObjects.metadata(o).get("namespace"))).findFirst().orElse(session.defaultNamespace());
        }
    }

    static boolean clusterWideFirst(Manifest m) {
        return m.key().kind().equals("Namespace") || m.isCrd();
    }

    static String image(ServiceDeploy s) {
        if (s.image() == null) {
            return s.appTag() == null ? "(chart default)" : s.appTag();
        }
        String repo = s.image().applicationRepository();
        return repo + ":" + (s.appTag() == null ? "(chart default)" : s.appTag());
    }

    static String digest(List<Map<String, Object>> objects) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(io.fabric8.kubernetes.client.utils.Serialization.asJson(objects).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
