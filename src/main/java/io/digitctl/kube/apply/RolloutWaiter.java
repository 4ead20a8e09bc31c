package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.health.HealthRules;
import io.digitctl.kube.health.HealthStatus;
import io.digitctl.model.ResourceKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Waits until the workloads of one service are rolled out (Jobs: completed). Pods that cannot start
 * fail the wait once the problem has lasted {@code problemGrace}: an image that cannot be pulled, a
 * crash loop, a missing Secret or ConfigMap (CreateContainerConfigError, or a FailedMount event for
 * a volume), an init container that keeps failing such as the Flyway migration. Otherwise the
 * service fails at its deadline with what it was waiting for.
 */
public final class RolloutWaiter {
    private final java.util.function.LongFunction<LiveReader> readers;
    private final Duration poll;
    private final Duration problemGrace;

    /** Reads each object and its pods straight from the API server. */
    public RolloutWaiter(ClusterGateway cluster, Duration poll, Duration problemGrace) {
        this(start -> LiveReader.direct(cluster), poll, problemGrace);
    }

    /** Reads through views shared by every rollout in flight, taken after each wait began. */
    public RolloutWaiter(SharedLiveCache cache, Duration poll, Duration problemGrace) {
        this(cache::since, poll, problemGrace);
    }

    private RolloutWaiter(java.util.function.LongFunction<LiveReader> readers, Duration poll, Duration problemGrace) {
        this.readers = readers;
        this.poll = poll;
        this.problemGrace = problemGrace;
    }

    /** Healthy when every workload is; Degraded with the reason otherwise. Reports each new message. */
    public HealthStatus await(List<Map<String, Object>> applied, Deadline deadline, Consumer<String> onProgress) {
        List<Map<String, Object>> workloads = applied.stream().filter(o -> HealthRules.WORKLOADS.contains(String.valueOf(o.get("kind")))).toList();
        if (workloads.isEmpty()) {
            return HealthStatus.healthy("no workloads to wait for");
        }
        LiveReader cluster = readers.apply(System.nanoTime());
        long problemSince = -1;
        String last = null;
        while (true) {
            List<String> waiting = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            Map<String, List<Map<String, Object>>> events = new HashMap<>();
            for (Map<String, Object> workload : workloads) {
                ResourceKey key = KubeObjects.key(workload);
                Map<String, Object> live = cluster.get(KubeObjects.apiVersion(workload), key).orElse(null);
                if (live == null) {
                    waiting.add(key.kind() + " " + key.name() + " is missing");
                    continue;
                }
                String changedBy = TemplateWriters.changedBy(workload, live);
                if (changedBy != null) {
                    return HealthStatus.degraded(key.kind() + " " + key.name() + " was changed by another writer during the rollout ("
                            + changedBy + "): its pod template no longer runs the images this deploy applied. Nothing of this deploy"
                            + " is undone; deploy again once the other change is settled.");
                }
                HealthStatus health = HealthRules.of(live);
                if (health.code() == HealthStatus.Code.DEGRADED) {
                    List<String> why = HealthRules.podProblems(pods(cluster, live));
                    return HealthStatus.degraded(key.kind() + " " + key.name() + ": " + health.message().strip()
                            + (why.isEmpty() ? "" : "; " + String.join("; ", why)));
                }
                if (!health.isHealthy()) {
                    waiting.add(key.kind() + " " + key.name() + ": " + health.message());
                    List<Map<String, Object>> pods = pods(cluster, live);
                    List<String> stuck = HealthRules.podProblems(pods);
                    if (stuck.isEmpty() && !pods.isEmpty()) {
                        stuck = HealthRules.volumeProblems(pods, events.computeIfAbsent(key.namespace(), cluster::events));
                    }
                    problems.addAll(stuck);
                }
            }
            if (waiting.isEmpty()) {
                return HealthStatus.healthy(workloads.size() == 1 ? "rolled out" : "all " + workloads.size() + " workloads rolled out");
            }
            String message = String.join("; ", problems.isEmpty() ? waiting : problems);
            if (!message.equals(last)) {
                onProgress.accept(message);
                last = message;
            }
            long now = System.nanoTime();
            if (problems.isEmpty()) {
                problemSince = -1;
            } else if (problemSince < 0) {
                problemSince = now;
            }
            if (problemSince >= 0 && now - problemSince >= problemGrace.toNanos()) {
                return HealthStatus.degraded(String.join("; ", problems));
            }
            if (deadline.passed()) {
                return HealthStatus.degraded("timed out after " + deadline.total().toSeconds() + "s: " + message);
            }
            try {
                Thread.sleep(Math.min(poll.toMillis(), Math.max(1, deadline.remaining().toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return HealthStatus.degraded("interrupted while waiting: " + message);
            }
        }
    }

    /** The workload's pods: by its selector, or for a Job without one, by the job-name label every Job pod gets. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pods(LiveReader cluster, Map<String, Object> workload) {
        Map<String, String> match = new LinkedHashMap<>();
        Object selector = KubeObjects.at(workload, "spec", "selector", "matchLabels");
        if (selector instanceof Map<?, ?> labels && !labels.isEmpty()) {
            ((Map<Object, Object>) labels).forEach((k, v) -> match.put(String.valueOf(k), String.valueOf(v)));
        } else if ("Job".equals(workload.get("kind"))) {
            match.put("job-name", String.valueOf(KubeObjects.at(workload, "metadata", "name")));
        } else {
            return List.of();
        }
        String namespace = String.valueOf(KubeObjects.at(workload, "metadata", "namespace"));
        return cluster.pods(namespace, match);
    }
}
