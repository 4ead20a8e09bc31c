package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.model.ResourceKey;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One read per kind and namespace per poll, shared by every rollout in flight: forty services
 * waiting at once cost one list of Deployments and one of Pods per tick, not forty GETs. A reader
 * that must not see what was there before its own apply asks for a snapshot taken after a moment
 * ({@link #since}), so a cached view never passes for a finished rollout.
 */
public final class SharedLiveCache {
    private record Snapshot(long takenAt, List<Map<String, Object>> items) {
    }

    private final ClusterGateway cluster;
    private final long maxAgeNanos;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public SharedLiveCache(ClusterGateway cluster, Duration maxAge) {
        this.cluster = cluster;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** A reader that only uses snapshots taken after {@code notBefore} (a {@link System#nanoTime()}). */
    public LiveReader since(long notBefore) {
        return new LiveReader() {
            @Override
            public Optional<Map<String, Object>> get(String apiVersion, ResourceKey key) {
                String namespace = key.namespace().isEmpty() ? null : key.namespace();
                return items(apiVersion, key.kind(), namespace, notBefore).stream()
                        .filter(o -> key.name().equals(String.valueOf(KubeObjects.metadata(o).get("name")))).findFirst();
            }

            @Override
            public List<Map<String, Object>> pods(String namespace, Map<String, String> labels) {
                return items("v1", "Pod", namespace, notBefore).stream().filter(p -> matches(KubeObjects.labels(p), labels)).toList();
            }

            @Override
            public List<Map<String, Object>> events(String namespace) {
                return items("v1", "Event", namespace, notBefore);
            }
        };
    }

    private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private List<Map<String, Object>> items(String apiVersion, String kind, String namespace, long notBefore) {
        String key = apiVersion + "|" + kind + "|" + namespace;
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Snapshot s = snapshots.get(key);
            long now = System.nanoTime();
            if (s == null || s.takenAt() < notBefore || now - s.takenAt() > maxAgeNanos) {
                long takenAt = System.nanoTime();
                s = new Snapshot(takenAt, cluster.list(apiVersion, kind, namespace, new LinkedHashMap<>()));
                snapshots.put(key, s);
            }
            return s.items();
        }
    }
}
