package io.digitctl.action;

import io.digitctl.event.ProgressListener;
import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.apply.ApplyFailure;
import io.digitctl.kube.apply.Deadline;
import io.digitctl.kube.apply.HookRunner;
import io.digitctl.kube.apply.Pruner;
import io.digitctl.kube.apply.RolloutWaiter;
import io.digitctl.kube.apply.ServiceApplier;
import io.digitctl.kube.apply.SharedLiveCache;
import io.digitctl.kube.apply.WebhookGate;
import io.digitctl.kube.health.HealthStatus;
import io.digitctl.model.ResourceKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The phases every service goes through, in a deploy, a rollback and an --atomic rollback alike:
 * pre hooks → apply → wait for the rollout → post hooks → prune. Objects that a webhook of the same
 * deploy intercepts are applied once that webhook can answer: after the serving service has finished
 * when another service serves it, or after this service's own rollout and post hooks when it serves
 * it itself. Every phase stops at the service's deadline. The caller records the revision.
 */
final class ServicePipeline {
    /** Lets a service wait until another service of the same deploy is done; empty when it is healthy. */
    interface Completion {
        Completion NONE = (service, deadline) -> Optional.empty();

        /** Empty when {@code service} finished healthy, or is not part of this run; else why it cannot serve. */
        Optional<String> awaitHealthy(String service, Deadline deadline);
    }

    /** One service's work: its ordinary objects and hooks (as sent), the hook event and what to prune after. */
    record Work(String service, List<Map<String, Object>> objects, List<Map<String, Object>> hooks, String event,
                List<Map<String, Object>> pruneCandidates) {
    }

    /** What the pipeline did: healthy or not, why, what it applied (hooks included) and what it pruned. */
    record Outcome(boolean ok, String reason, List<Map<String, Object>> applied, List<ResourceKey> pruned) {
    }

    private final ClusterGateway cluster;
    private final String environment;
    private final ServiceApplier applier;
    private final ApplyOptions options;
    private final ProgressListener progress;
    private final WebhookGate webhooks;
    private final Completion completion;
    private final SharedLiveCache liveCache;

    ServicePipeline(ClusterGateway cluster, String environment, ServiceApplier applier, ApplyOptions options, ProgressListener progress,
                    WebhookGate webhooks, Completion completion) {
        this(cluster, environment, applier, options, progress, webhooks, completion, null);
    }

    /** With {@code liveCache}, rollouts are tracked through views shared with the other services in flight. */
    ServicePipeline(ClusterGateway cluster, String environment, ServiceApplier applier, ApplyOptions options, ProgressListener progress,
                    WebhookGate webhooks, Completion completion, SharedLiveCache liveCache) {
        this.liveCache = liveCache;
        this.cluster = cluster;
        this.environment = environment;
        this.applier = applier;
        this.options = options;
        this.progress = progress;
        this.webhooks = webhooks;
        this.completion = completion;
    }

    /**
     * Runs every phase. Whatever stops it (a refusal, a failed read, an interrupt) is the service's
     * failure, reported with what it had applied, so that its revision records it.
     */
    Outcome run(Work work, String state) {
        List<Map<String, Object>> applied = new ArrayList<>();
        try {
            return phases(work, state, applied);
        } catch (ApplyFailure e) {
            return new Outcome(false, e.getMessage(), applied, List.of());
        } catch (RuntimeException e) {
            return new Outcome(false, e.getMessage() == null ? e.toString() : e.getMessage(), applied, List.of());
        }
    }

    private Outcome phases(Work work, String state, List<Map<String, Object>> applied) {
        long start = System.nanoTime();
        Deadline deadline = Deadline.in(options.timeout());
        RolloutWaiter waiter = liveCache == null ? new RolloutWaiter(cluster, options.poll(), options.problemGrace())
                : new RolloutWaiter(liveCache, options.poll(), options.problemGrace());
        HookRunner hooks = new HookRunner(cluster, applier, waiter, options.poll());
        List<Map<String, Object>> appliedObjects = new ArrayList<>();

        HookRunner.Result pre = hooks.run("pre-" + work.event(), work.hooks(), deadline, d -> report(work, state, d, start));
        applied.addAll(pre.applied());
        if (!pre.ok()) {
            return new Outcome(false, pre.failure(), applied, List.of());
        }

        List<Map<String, Object>> plain = new ArrayList<>();
        List<Map<String, Object>> servedBySelf = new ArrayList<>();
        Map<WebhookGate.Webhook, List<Map<String, Object>>> servedByOthers = new LinkedHashMap<>();
        for (Map<String, Object> o : work.objects()) {
            Optional<WebhookGate.Webhook> webhook = webhooks.intercepting(o);
            if (webhook.isEmpty()) {
                plain.add(o);
            } else if (webhook.get().servingService().equals(work.service())) {
                servedBySelf.add(o);
            } else {
                servedByOthers.computeIfAbsent(webhook.get(), w -> new ArrayList<>()).add(o);
            }
        }
        report(work, state, work.objects().size() + " objects", start);
        appliedObjects.addAll(applyTracked(plain, deadline, applied));
            for (Map.Entry<WebhookGate.Webhook, List<Map<String, Object>>> e : servedByOthers.entrySet()) {
                WebhookGate.Webhook webhook = e.getKey();
                report(work, state, "waiting for webhook " + webhook.name() + " of " + webhook.servingService(), start);
                Optional<String> unavailable = completion.awaitHealthy(webhook.servingService(), deadline);
                if (unavailable.isPresent()) {
                    return new Outcome(false, e.getValue().size() + " object(s) go through webhook " + webhook.name() + " of "
                            + webhook.servingService() + ", which is not serving: " + unavailable.get(), applied, List.of());
                }
                appliedObjects.addAll(applyTracked(e.getValue(), deadline, applied));
            }

        report(work, "rolling out", "", start);
        HealthStatus health = waiter.await(appliedObjects, deadline, d -> report(work, "rolling out", d, start));
        if (!health.isHealthy()) {
            return new Outcome(false, health.message(), applied, List.of());
        }

        HookRunner.Result post = hooks.run("post-" + work.event(), work.hooks(), deadline, d -> report(work, state, d, start));
        applied.addAll(post.applied());
        if (!post.ok()) {
            return new Outcome(false, post.failure(), applied, List.of());
        }
        applyTracked(servedBySelf, deadline, applied);

        List<ResourceKey> pruned = work.pruneCandidates().isEmpty() ? List.of()
                : new Pruner(cluster, environment).prune(work.service(), work.pruneCandidates());
        return new Outcome(true, health.message(), applied, pruned);
    }

    /** Applies and adds what was applied to {@code applied}, also when the apply stops part-way. */
    private List<Map<String, Object>> applyTracked(List<Map<String, Object>> objects, Deadline deadline, List<Map<String, Object>> applied) {
        try {
            List<Map<String, Object>> done = applier.apply(objects, deadline);
            applied.addAll(done);
            return done;
        } catch (ApplyFailure f) {
            applied.addAll(f.applied());
            throw f;
        }
    }

    private void report(Work work, String state, String detail, long start) {
        progress.serviceState(work.service(), state, detail, (System.nanoTime() - start) / 1_000_000);
    }
}
