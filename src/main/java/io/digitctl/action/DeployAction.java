package io.digitctl.action;

import io.digitctl.event.Cancellation;
import io.digitctl.event.ProgressListener;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.ApplyFailure;
import io.digitctl.kube.apply.CrdWaiter;
import io.digitctl.kube.apply.Deadline;
import io.digitctl.kube.apply.DeployLabels;
import io.digitctl.kube.apply.Pruner;
import io.digitctl.kube.apply.ServiceApplier;
import io.digitctl.kube.apply.SharedLiveCache;
import io.digitctl.kube.apply.WriteSlots;
import io.digitctl.kube.apply.WebhookGate;
import io.digitctl.kube.discovery.KindCatalog;
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
import io.digitctl.render.ServiceRender;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Deploys a plan to a cluster: connect before anything is rendered, lock the environment, render
 * for the cluster's Kubernetes version with the tags that run now for untagged images, check what a
 * fresh cluster would refuse (preflight) before writing anything, create missing namespaces, apply
 * namespaces and CRDs first and wait until the CRDs are established, then level by level run each
 * service's pipeline (hooks, apply, rollout, hooks, prune; services of a level in parallel, each
 * recorded in the ledger first as pending), stop at a failed level, and roll back with --atomic.
 */
public final class DeployAction {
    private final ProgressListener progress;
    private final Cancellation cancellation;
    private final DeployHooks hooks;

    public DeployAction(ProgressListener progress) {
        this(progress, DeployHooks.NONE, Cancellation.none());
    }

    /** With {@code cancellation}: a signal stops new work and waits, records what was in flight as interrupted, and returns. */
    public DeployAction(ProgressListener progress, DeployHooks hooks, Cancellation cancellation) {
        this.progress = progress;
        this.hooks = hooks;
        this.cancellation = cancellation;
    }

    @SuppressWarnings("try") // the lock is held for the duration of the block, not used in it
    public DeployResult run(DeployRequest request, ApplyOptions options) {
        try (ClusterSession session = ClusterSession.open(request.helmDir(), request.environment(), options.target())) {
            try (EnvironmentLock lock = session.lock("deploy", options.forceUnlock(), progress)) {
                return new Run(session, request, options, lock).deploy();
            }
        }
    }

    /** One deploy: its state, kept apart from the action so that the action stays reusable. */
    private final class Run {
        private final ClusterSession session;
        private final EnvironmentLock lock;
        private final DeployRequest request;
        private final ApplyOptions options;
        private final String deployId = DeployRecord.newId();
        private final Ledger ledger;
        private final Map<String, Revision> pending = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<ServiceOutcome>> finished = new ConcurrentHashMap<>();
        private final Map<String, Integer> levelOf = new HashMap<>();
        private final List<ResourceKey> pruned = Collections.synchronizedList(new ArrayList<>());
        /** What each rendered service was rendered from, when its revision may record it (see {@link Revision#renderInput()}). */
        private final Map<String, String> renderInputs = new ConcurrentHashMap<>();
        private final String startedAt = Instant.now().toString();
        private KindCatalog kinds;
        private ServiceApplier applier;
        private WebhookGate webhooks;
        private ServiceChanges changes;
        private SharedLiveCache liveCache;
        private ServiceChanges.Assessment assessed;

        Run(ClusterSession session, DeployRequest request, ApplyOptions options, EnvironmentLock lock) {
            this.lock = lock;
            this.session = session;
            this.request = request;
            this.options = options;
            this.ledger = session.ledger();
        }

        DeployResult deploy() {
            // discovery, the ledger and the live objects of the last revisions do not depend on the render: read them while Helm renders
            CompletableFuture<List<io.digitctl.kube.discovery.ServedKind>> discovery = CompletableFuture.supplyAsync(session.cluster::servedKinds);
            // reads, not writes: --parallel does not bound them
            changes = new ServiceChanges(session.cluster, session.env.name(), ledger, session.volatilePaths(options.volatilePaths()), options.force(),
                    Math.max(8, options.parallel()));
            changes.prefetch();
            RenderResult rendered = rendering(() -> session.render(request, progress, "Nothing was applied: ", changes::canStandIn));
            DeployPlan plan = rendered.plan();
            kinds = new KindCatalog(ParallelCalls.joined(discovery));
            applier = new ServiceApplier(session.cluster, session.env.name(), session.defaultNamespace(), kinds, new WriteSlots(options.parallel()));
            liveCache = new SharedLiveCache(session.cluster, options.poll());
            if (!request.includeClusterConfigs()) {
                List<String> changedConfig = ClusterConfigsInput.changedSinceApplied(session.cluster, session.env);
                if (!changedConfig.isEmpty()) {
                    progress.warn("cluster-configs changed since it was last applied, and -c was not given: " + String.join(", ", changedConfig)
                            + ". Deploy with -c to apply it; the workloads that use what changed then restart.");
                }
            }
            ServiceChanges.Assessment assessment = changes.assess(serviceObjects(plan, rendered), standIns(rendered));
            while (!assessment.toRender().isEmpty()) {
                // a recorded service that no longer matches the cluster, or that must restart, is deployed from a real render
                Set<String> again = assessment.toRender();
                RenderResult before = rendered;
                rendered = rendering(() -> session.renderAgain(before, again, request.parallelism(), progress, "Nothing was applied: "));
                assessment = changes.assess(serviceObjects(plan, rendered), standIns(rendered));
            }
            if (!assessment.otherEnvironments().isEmpty() && !options.adopt()) {
                throw new DigitctlException(assessment.otherEnvironments().size() + " object(s) of this deploy belong to another environment,"
                        + " which would be taken over; nothing was applied:\n  - " + String.join("\n  - ", assessment.otherEnvironments())
                        + "\nEnvironments that share a namespace overwrite each other: give this one its own namespace (global.namespace),"
                        + " or pass --adopt to take these objects over.");
            }
            assessed = assessment;
            Map<String, Integer> unchanged = assessment.unchanged();
            assessment.restarts().forEach((service, why) -> why.forEach(progress::info));
            unchanged.forEach((service, revision) -> progress.info(service + ": unchanged (revision " + revision + ")"));
            Map<String, ServiceObjects> services = new LinkedHashMap<>(assessment.services());
            services.keySet().removeAll(unchanged.keySet());
            Preflight.Report preflight = new Preflight(session.cluster, kinds, options).check(services.values(), revisionNamespaces(services));
            preflight.warnings().forEach(progress::warn);
            if (!preflight.ok()) {
                throw preflight.refusal();
            }
            if (!preflight.leftOut().isEmpty()) {
                services.replaceAll((name, s) -> {
                    ServiceObjects kept = s.without(o -> preflight.leftOut().contains(KubeObjects.key(o)));
                    if (kept.all().size() < s.all().size()) {
                        renderInputs.remove(name); // its record will not hold all that its render gave
                    }
                    return kept;
                });
            }
            preflight.namespacesToCreate().forEach(ns -> progress.info("namespace " + ns + " does not exist: digitctl creates it"));
            cancellation.throwIfCancelled("before anything was applied; nothing was");
            if (!hooks.beforeApply(PlannedDeploy.of(session.env.name(), deployId, plan, assessment.digests(), unchanged, assessment.latest()))) {
                return new DeployResult(deployId, plan, List.of(), List.of());
            }
            Map<String, List<Map<String, Object>>> pruneCandidates = pruneCandidates(services);
            Map<String, List<Map<String, Object>>> byService = new LinkedHashMap<>();
            services.forEach((name, s) -> byService.put(name, s.all()));
            webhooks = WebhookGate.of(byService, kinds);
            Thread interrupted = new Thread(this::markInterrupted, "digitctl-interrupted");
            Runtime.getRuntime().addShutdownHook(interrupted);
            try {
                Map<String, List<Map<String, Object>>> early;
                Thread main = Thread.currentThread();
                Runnable stopWaiting = cancellation.onCancel(main::interrupt);
                try {
                    early = applyClusterWide(services, preflight.namespacesToCreate());
                } catch (DigitctlException e) {
                    Thread.interrupted();
                    record(plan, plan.services().stream().map(s -> new ServiceOutcome(s.service(), image(s), ServiceOutcome.Result.NOT_STARTED,
                            0, "not started: the namespaces and CRDs failed", 0, List.of())).toList());
                    throw e;
                } finally {
                    stopWaiting.run();
                    Thread.interrupted();
                }
                List<ServiceOutcome> outcomes = applyLevels(plan, services, early, pruneCandidates);
                if (options.atomic() && !cancellation.cancelled() && outcomes.stream().anyMatch(o -> o.result() == ServiceOutcome.Result.FAILED)) {
                    outcomes = rollBack(outcomes);
                }
                record(plan, outcomes);
                recordClusterConfigsInput(outcomes);
                recordRenderInputs();
                return new DeployResult(deployId, plan, outcomes, List.copyOf(pruned));
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(interrupted);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: it marked what was pending
                }
            }
        }

        /** Renders with the embedded Helm, which takes the signal handlers: they are taken back when it returns. */
        private RenderResult rendering(Supplier<RenderResult> render) {
            try {
                return render.get();
            } finally {
                cancellation.nativeCodeReturned();
                cancellation.throwIfCancelled("while rendering; nothing was applied");
            }
        }

        /** The rendered services, as they will be sent; the ones whose last revision stands in for their render are not among them. */
        private Map<String, ServiceObjects> serviceObjects(DeployPlan plan, RenderResult rendered) {
            Map<String, List<Manifest>> manifests = new HashMap<>();
            rendered.report().rendered().forEach(r -> {
                manifests.put(r.service(), r.manifests());
                if (r.inputDigest() != null) {
                    renderInputs.put(r.service(), r.inputDigest());
                }
            });
            // the scope of a custom kind whose CRD comes with this deploy is the CRD's: known before any object is placed
            kinds.declare(manifests.values().stream().flatMap(List::stream).filter(Manifest::isCrd).map(Manifest::object).toList());
            Map<String, ServiceObjects> services = new LinkedHashMap<>();
            for (PlanLevel level : plan.levels()) {
                for (ServiceDeploy s : level.services()) {
                    if (manifests.containsKey(s.service())) {
                        services.put(s.service(), ServiceObjects.of(s, manifests.get(s.service()), applier));
                    }
                    levelOf.put(s.service(), level.number());
                    finished.put(s.service(), new CompletableFuture<>());
                }
            }
            return services;
        }

        private static Set<String> standIns(RenderResult rendered) {
            return rendered.report().recorded().stream().map(ServiceRender::service).collect(Collectors.toSet());
        }

        private Set<String> revisionNamespaces(Map<String, ServiceObjects> services) {
            Set<String> out = new LinkedHashSet<>();
            services.values().forEach(s -> out.add(namespaceOf(s.all())));
            return out;
        }

        /** What each service's last revision applied that it no longer renders; shown before anything is applied. */
        private Map<String, List<Map<String, Object>>> pruneCandidates(Map<String, ServiceObjects> services) {
            Map<String, List<Map<String, Object>>> out = new HashMap<>();
            if (!options.prune()) {
                return out;
            }
            services.forEach((service, objects) -> Optional.ofNullable(assessed.latest().get(service)).ifPresent(last -> {
                List<Map<String, Object>> gone = Pruner.candidates(last.manifests(), objects.all());
                if (!gone.isEmpty()) {
                    out.put(service, gone);
                    progress.info("will prune from " + service + ": " + String.join(", ", gone.stream().map(o -> KubeObjects.key(o).toString()).toList()));
                }
            }));
            return out;
        }

        /**
         * Missing namespaces, then the namespaces and CRDs of every service, before any level: others
         * may need them. Custom resources wait until their CRDs are established.
         */
        private Map<String, List<Map<String, Object>>> applyClusterWide(Map<String, ServiceObjects> services, Set<String> missingNamespaces) {
            Deadline deadline = Deadline.in(options.timeout());
            for (String ns : missingNamespaces) {
                applier.applyOne(namespace(ns), deadline);
            }
            Map<String, List<Map<String, Object>>> applied = new HashMap<>();
            List<Map<String, Object>> crds = new ArrayList<>();
            for (ServiceObjects s : services.values()) {
                if (s.clusterWide().isEmpty()) {
                    continue;
                }
                try {
                    applied.put(s.name(), applier.apply(s.clusterWide(), deadline));
                } catch (ApplyFailure f) {
                    throw new DigitctlException("Applying the namespaces and CRDs of " + s.name() + " failed, so no service was deployed: "
                            + f.getMessage() + (f.applied().isEmpty() ? "" : " Applied before the failure: "
                            + String.join(", ", f.applied().stream().map(o -> KubeObjects.key(o).toString()).toList())));
                }
                s.clusterWide().stream().filter(o -> "CustomResourceDefinition".equals(o.get("kind"))).forEach(crds::add);
            }
            if (!crds.isEmpty()) {
                progress.info("waiting for " + crds.size() + " CRD" + (crds.size() == 1 ? "" : "s") + " to be established");
                new CrdWaiter(session.cluster, options.poll()).await(crds, kinds, deadline);
            }
            return applied;
        }

        private Map<String, Object> namespace(String name) {
            Map<String, Object> labels = new LinkedHashMap<>();
            labels.put(DeployLabels.MANAGED_BY, DeployLabels.MANAGER);
            labels.put(DeployLabels.ENVIRONMENT, session.env.name());
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", name);
            metadata.put("labels", labels);
            Map<String, Object> ns = new LinkedHashMap<>();
            ns.put("apiVersion", "v1");
            ns.put("kind", "Namespace");
            ns.put("metadata", metadata);
            return ns;
        }

        private List<ServiceOutcome> applyLevels(DeployPlan plan, Map<String, ServiceObjects> services,
                                                 Map<String, List<Map<String, Object>>> early,
                                                 Map<String, List<Map<String, Object>>> pruneCandidates) {
            List<ServiceOutcome> outcomes = new ArrayList<>();
            String stoppedBy = null;
            // every service of a level is in flight at once; --parallel bounds the writes (WriteSlots), so a service
            // waiting for its rollout does not keep another from being applied
            int widest = plan.levels().stream().mapToInt(l -> l.services().size()).max().orElse(1);
            Set<Thread> workers = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, widest), r -> {
                Thread t = new Thread(r, "deploy");
                t.setDaemon(true);
                workers.add(t);
                return t;
            });
            // a signal interrupts every service in flight: waits end at once, and each records itself as interrupted; the pool
            // itself stays open, so that a service submitted in the same moment still starts, sees the signal and says so
            Runnable unregister = cancellation.onCancel(() -> workers.forEach(Thread::interrupt));
            try {
                for (PlanLevel level : plan.levels()) {
                    if (cancellation.cancelled()) {
                        stoppedBy = cancellation.signal();
                    }
                    if (stoppedBy != null) {
                        for (ServiceDeploy s : level.services()) {
                            String reason = "not started: " + stoppedBy + (stoppedBy.startsWith("the lock") ? " was lost"
                                    : stoppedBy.startsWith("SIG") ? " stopped the deploy" : " failed in an earlier level");
                            progress.serviceState(s.service(), "not started", reason, 0);
                            outcomes.add(done(new ServiceOutcome(s.service(), image(s), ServiceOutcome.Result.NOT_STARTED, 0, reason, 0, List.of())));
                        }
                        continue;
                    }
                    List<Future<ServiceOutcome>> futures = new ArrayList<>();
                    try {
                        // a level with nothing to apply writes nothing, so it needs no fresh look at the lease
                        if (!assessed.unchanged().keySet().containsAll(level.services().stream().map(ServiceDeploy::service).toList())) {
                            lock.ensureHeld();
                        }
                    } catch (DigitctlException e) {
                        stoppedBy = "the lock (" + e.getMessage() + ")";
                        for (ServiceDeploy s : level.services()) {
                            outcomes.add(done(new ServiceOutcome(s.service(), image(s), ServiceOutcome.Result.NOT_STARTED, 0,
                                    "not started: " + e.getMessage(), 0, List.of())));
                        }
                        continue;
                    }
                    for (ServiceDeploy s : level.services()) {
                        Integer same = assessed.unchanged().get(s.service());
                        if (same != null) {
                            String reason = "unchanged (revision " + same + ")";
                            progress.serviceState(s.service(), "unchanged", reason, 0);
                            futures.add(CompletableFuture.completedFuture(done(new ServiceOutcome(s.service(), image(s),
                                    ServiceOutcome.Result.UNCHANGED, 0, reason, same, List.of()))));
                            continue;
                        }
                        futures.add(pool.submit(() -> deployService(services.get(s.service()),
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
                unregister.run();
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

        private ServiceOutcome deployService(ServiceObjects service, List<Map<String, Object>> early, List<Map<String, Object>> pruneCandidates) {
            long start = System.nanoTime();
            String name = service.name();
            if (cancellation.cancelled()) {
                String reason = "not started: " + cancellation.signal() + " stopped the deploy";
                progress.serviceState(name, "not started", reason, 0);
                return done(new ServiceOutcome(name, image(service.service()), ServiceOutcome.Result.NOT_STARTED, 0, reason, 0, List.of()));
            }
            try {
                boolean upgrade = assessed.hasRevision(name);
                List<Map<String, Object>> desired = service.all();
                Revision revision = ledger.create(new Revision(session.env.name(), name, 0, Revision.Status.PENDING, image(service.service()),
                        service.service().appTag(), session.tree.root().relativize(service.service().chart().chartDir()).toString(),
                        changes.digest(desired), Ledger.withoutSecretValues(desired), ClusterSession.user(), ClusterSession.host(),
                        Instant.now().toString(), null, "deploy " + deployId, deployId, namespaceOf(desired),
                        hooks.promotedFrom(name), hooks.plannedBy(), renderInputs.get(name)));
                pending.put(name, revision);
                ServicePipeline.Outcome out = pipeline(name).run(new ServicePipeline.Work(name, service.ordinary(), service.hooks(),
                        upgrade ? "upgrade" : "install", pruneCandidates), "applying");
                pruned.addAll(out.pruned());
                List<Map<String, Object>> applied = new ArrayList<>(early);
                applied.addAll(out.applied());
                return finish(service.service(), revision, applied, out.ok() ? ServiceOutcome.Result.DEPLOYED : ServiceOutcome.Result.FAILED,
                        out.reason(), start);
            } catch (RuntimeException e) {
                Thread.interrupted();
                // a failure of one service is a result, not the end of the run; a revision already written records it
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                Revision written = pending.get(name);
                if (written != null) {
                    try {
                        return finish(service.service(), written, early, ServiceOutcome.Result.FAILED, reason, start);
                    } catch (RuntimeException recordFailed) {
                        reason = reason + "; its revision " + written.number() + " could not be updated: " + recordFailed.getMessage();
                    }
                }
                ServiceOutcome failed = new ServiceOutcome(name, image(service.service()), ServiceOutcome.Result.FAILED, millis(start),
                        reason, Optional.ofNullable(pending.remove(name)).map(Revision::number).orElse(0),
                        early.stream().map(KubeObjects::key).toList());
                progress.serviceState(name, "failed", reason, millis(start));
                return done(failed);
            }
        }

        /** The pipeline of one service, whose intercepted objects wait for webhook services of the same or an earlier level. */
        private ServicePipeline pipeline(String service) {
            int level = levelOf.getOrDefault(service, 0);
            ServicePipeline.Completion completion = (serving, deadline) -> {
                CompletableFuture<ServiceOutcome> f = finished.get(serving);
                if (f == null || levelOf.getOrDefault(serving, Integer.MAX_VALUE) > level) {
                    return Optional.empty();
                }
                try {
                    ServiceOutcome o = f.get(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
                    return o.healthy() ? Optional.empty()
                            : Optional.of(serving + " " + o.result().name().toLowerCase().replace('_', ' ') + ": " + o.reason());
                } catch (TimeoutException e) {
                    return Optional.of(serving + " was still not ready after " + deadline.total().toSeconds() + "s");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.of("interrupted");
                } catch (ExecutionException e) {
                    return Optional.of(String.valueOf(e.getCause().getMessage()));
                }
            };
            return new ServicePipeline(session.cluster, session.env.name(), applier, options, progress, webhooks, completion, liveCache);
        }

        private ServiceOutcome finish(ServiceDeploy service, Revision revision, List<Map<String, Object>> applied,
                                      ServiceOutcome.Result result, String reason, long start) {
            // an interrupted service still records itself: the cluster calls below must not see the interrupt
            Thread.interrupted();
            boolean interrupted = cancellation.cancelled() && result != ServiceOutcome.Result.DEPLOYED;
            Revision.Status status = result == ServiceOutcome.Result.DEPLOYED ? Revision.Status.DEPLOYED
                    : interrupted ? Revision.Status.INTERRUPTED : Revision.Status.FAILED;
            if (status == Revision.Status.INTERRUPTED) {
                reason = "interrupted by " + cancellation.signal() + " (" + reason + ")";
            }
            try {
                ledger.update(revision.with(status, Instant.now().toString(), reason, Ledger.withoutSecretValues(applied)));
            } finally {
                pending.remove(service.service());
            }
            progress.serviceState(service.service(), result == ServiceOutcome.Result.DEPLOYED ? "deployed" : "failed", reason, millis(start));
            return done(new ServiceOutcome(service.service(), image(service), result, millis(start), reason, revision.number(),
                    applied.stream().map(KubeObjects::key).toList()));
        }

        private ServiceOutcome done(ServiceOutcome outcome) {
            finished.computeIfAbsent(outcome.service(), s -> new CompletableFuture<>()).complete(outcome);
            return outcome;
        }

        /**
         * --atomic: every service this deploy changed goes back to its previous revision, or away if it
         * had none. A rollback that fails is reported in its row; the others still run.
         */
        private List<ServiceOutcome> rollBack(List<ServiceOutcome> outcomes) {
            List<ServiceOutcome> out = new ArrayList<>();
            Restorer restorer = new Restorer(session, ledger, options, progress, cancellation);
            for (ServiceOutcome o : outcomes) {
                if (o.result() == ServiceOutcome.Result.NOT_STARTED || o.result() == ServiceOutcome.Result.UNCHANGED || o.revision() == 0) {
                    out.add(o);
                    continue;
                }
                String before = o.result() == ServiceOutcome.Result.FAILED ? o.reason() + "; " : "";
                try {
                    String reason = restorer.restorePrevious(o.service(), o.revision(), "atomic rollback of deploy " + deployId);
                    out.add(new ServiceOutcome(o.service(), o.image(), ServiceOutcome.Result.ROLLED_BACK, o.millis(), before + reason,
                            o.revision(), o.applied()));
                } catch (RuntimeException e) {
                    progress.serviceState(o.service(), "failed", "rollback failed: " + e.getMessage(), o.millis());
                    out.add(new ServiceOutcome(o.service(), o.image(), ServiceOutcome.Result.FAILED, o.millis(),
                            before + "the atomic rollback failed: " + e.getMessage(), o.revision(), o.applied()));
                }
            }
            return out;
        }

        private void record(DeployPlan plan, List<ServiceOutcome> outcomes) {
            boolean ok = outcomes.stream().allMatch(ServiceOutcome::healthy);
            try {
                new DeployRecords(session.cluster, ApplyOptions.LEDGER_NAMESPACE).write(new DeployRecord(deployId, session.env.name(),
                        plan.description(), ClusterSession.user(), ClusterSession.host(), startedAt, Instant.now().toString(),
                        ok ? "deployed" : "failed", outcomes.stream().map(o -> new DeployRecord.Entry(o.service(), o.revision(),
                        o.result().name().toLowerCase(), o.reason())).toList()));
            } catch (DigitctlException e) {
                progress.warn("the environment-level record of deploy " + deployId + " could not be written: " + e.getMessage());
            }
        }

        /** After cluster-configs is in place, what it was made from, so that a later deploy without -c can tell it changed. */
        private void recordClusterConfigsInput(List<ServiceOutcome> outcomes) {
            if (!request.includeClusterConfigs()) {
                return;
            }
            boolean applied = outcomes.stream().anyMatch(o -> o.service().equals(io.digitctl.render.ChartRenderer.CLUSTER_CONFIGS) && o.healthy());
            if (applied) {
                try {
                    ClusterConfigsInput.recordApplied(session.cluster, session.env);
                } catch (DigitctlException e) {
                    progress.warn("what cluster-configs was applied from could not be recorded: " + e.getMessage());
                }
            }
        }

        /** Unchanged services whose revision does not yet say what they are rendered from get it, so that it stands in next time. */
        private void recordRenderInputs() {
            List<Revision> stale = assessed.renderInputsToRecord(renderInputs);
            if (stale.isEmpty() || cancellation.cancelled()) {
                return;
            }
            try {
                ParallelCalls.run("ledger", Math.max(8, options.parallel()), stale.stream().<Callable<Revision>>map(r -> () ->
                        ledger.update(r)).toList(), "while recording what unchanged services are rendered from");
            } catch (DigitctlException e) {
                progress.warn("what " + stale.size() + " unchanged service(s) are rendered from could not be recorded, so they are rendered "
                        + "again next time: " + e.getMessage());
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

        /** Where a service's revision is kept: the namespace of its first namespaced object, else the default one. */
        private String namespaceOf(List<Map<String, Object>> objects) {
            return objects.stream().map(o -> KubeObjects.metadata(o).get("namespace")).filter(ns -> ns != null)
                    .map(String::valueOf).findFirst().orElse(session.defaultNamespace());
        }
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
