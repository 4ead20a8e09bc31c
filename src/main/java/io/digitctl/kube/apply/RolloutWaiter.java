package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.health.HealthRules;
import io.digitctl.kube.health.HealthStatus;
import io.digitctl.model.ResourceKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Waits until the workloads of one service are rolled out. Pods that cannot start
 * (ImagePullBackOff, CrashLoopBackOff, a failing init container such as the Flyway migration) fail
 * the wait once the problem has lasted {@code problemGrace}; otherwise the service fails at its
 * timeout with what it was waiting for.
 */
public final class RolloutWaiter {
    private final ClusterGateway cluster;
    private final Duration timeout;
    private final Duration poll;
    private final Duration problemGrace;

    public RolloutWaiter(ClusterGateway cluster, Duration timeout, Duration poll, Duration problemGrace) {
        this.cluster = cluster;
        this.timeout = timeout;
        this.poll = poll;
        this.problemGrace = problemGrace;
    }

    /** Healthy when every workload is; Degraded with the reason otherwise. Reports each new message. */
    public HealthStatus await(List<Map<String, Object>> applied, Consumer<String> onProgress) {
        List<Map<String, Object>> workloads = applied.stream().filter(o -> HealthRules.WORKLOADS.contains(String.valueOf(o.get("kind")))).toList();
        if (workloads.isEmpty()) {
            return HealthStatus.healthy("no workloads to wait for");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long problemSince = -1;
        String last = null;
        while (true) {
            List<String> waiting = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Map<String, Object> workload : workloads) {
                ResourceKey key = KubeObjects.key(workload);
                Map<String, Object> live = cluster.get(KubeObjects.apiVersion(workload), key).orElse(null);
                if (live == null) {
                    waiting.add(key.kind() + " " + key.name() + " is missing");
                    continue;
                }
                HealthStatus health = HealthRules.of(live);
                if (health.code() == HealthStatus.Code.DEGRADED) {
                    return HealthStatus.degraded(key.kind() + " " + key.name() + ": " + health.message());
                }
                if (!health.isHealthy()) {
                    waiting.add(key.kind() + " " + key.name() + ": " + health.message());
                    problems.addAll(HealthRules.podProblems(pods(live)));
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
            if (now > deadline) {
                return HealthStatus.degraded("timed out after " + timeout.toSeconds() + "s: " + message);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return HealthStatus.degraded("interrupted while waiting: " + message);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> pods(Map<String, Object> workload) {
        Object selector = KubeObjects.at(workload, "spec", "selector", "matchLabels");
        if (!(selector instanceof Map<?, ?> labels) || labels.isEmpty()) {
            return List.of();
        }
        Map<String, String> match = new java.util.LinkedHashMap<>();
        ((Map<Object, Object>) labels).forEach((k, v) -> match.put(String.valueOf(k), String.valueOf(v)));
        String namespace = String.valueOf(KubeObjects.at(workload, "metadata", "namespace"));
        return cluster.list("v1", "Pod", namespace, match);
    }
}
