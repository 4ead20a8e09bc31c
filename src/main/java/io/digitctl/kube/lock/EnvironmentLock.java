package io.digitctl.kube.lock;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.DeployLabels;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One Lease per environment while a deploy, rollback or prune runs. A second one fails at once and
 * names the holder; the holder renews the lease, so a lock left by a killed process expires after
 * {@link #TTL}; {@link #forceRelease} removes it on request.
 */
public final class EnvironmentLock implements AutoCloseable {
    public static final Duration TTL = Duration.ofSeconds(60);
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final ClusterGateway cluster;
    private final ResourceKey key;
    private final String holder;
    private ScheduledExecutorService renewer;

    private EnvironmentLock(ClusterGateway cluster, ResourceKey key, String holder) {
        this.cluster = cluster;
        this.key = key;
        this.holder = holder;
    }

    static ResourceKey keyFor(String environment, String namespace) {
        return new ResourceKey("coordination.k8s.io", "Lease", namespace, "digitctl-lock-" + environment);
    }

    public static void forceRelease(ClusterGateway cluster, String environment, String namespace) {
        cluster.delete("coordination.k8s.io/v1", keyFor(environment, namespace));
    }

    /** Takes the lock, or fails naming who holds it and since when. */
    public static EnvironmentLock acquire(ClusterGateway cluster, String environment, String namespace, String holder, String action) {
        EnvironmentLock lock = new EnvironmentLock(cluster, keyFor(environment, namespace), holder);
        Instant now = Instant.now();
        try {
            cluster.create(lease(lock.key, holder + " (" + action + ")", now, now, Map.of()));
        } catch (ClusterGateway.ConflictException taken) {
            Optional<Map<String, Object>> live = cluster.get("coordination.k8s.io/v1", lock.key);
            if (live.isPresent() && !expired(live.get(), now)) {
                throw new DigitctlException("Environment " + environment + " is locked by " + KubeObjects.at(live.get(), "spec", "holderIdentity")
                        + " since " + KubeObjects.at(live.get(), "spec", "acquireTime") + " (Lease " + lock.key
                        + "). Wait for it to finish, or pass --force-unlock if that process is gone.");
            }
            // a lock left by a process that died: take it over, unless someone else just did
            Map<String, Object> takeover = lease(lock.key, holder + " (" + action + ")", now, now, live.map(KubeObjects::metadata).orElse(Map.of()));
            try {
                if (live.isPresent()) {
                    cluster.replace(takeover);
                } else {
                    cluster.create(takeover);
                }
            } catch (ClusterGateway.ConflictException raced) {
                throw new DigitctlException("Environment " + environment + " was locked by another deploy at the same moment; try again.");
            }
        }
        lock.startRenewing(action, now);
        return lock;
    }

    private void startRenewing(String action, Instant acquired) {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lock-renewer");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleAtFixedRate(() -> {
            try {
                cluster.get("coordination.k8s.io/v1", key).ifPresent(live ->
                        cluster.replace(lease(key, holder + " (" + action + ")", acquired, Instant.now(), KubeObjects.metadata(live))));
            } catch (RuntimeException e) {
                // renewal is retried on the next tick; the TTL covers a missed one
            }
        }, TTL.toSeconds() / 3, TTL.toSeconds() / 3, TimeUnit.SECONDS);
    }

    private static boolean expired(Map<String, Object> lease, Instant now) {
        Object renew = KubeObjects.at(lease, "spec", "renewTime");
        long seconds = KubeObjects.number(lease, "spec", "leaseDurationSeconds");
        if (renew == null) {
            return true;
        }
        try {
            return ZonedDateTime.parse(String.valueOf(renew)).toInstant().plusSeconds(seconds).isBefore(now);
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static Map<String, Object> lease(ResourceKey key, String holder, Instant acquired, Instant renewed, Map<String, Object> oldMetadata) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", key.name());
        metadata.put("namespace", key.namespace());
        metadata.put("labels", Map.of(DeployLabels.MANAGED_BY, DeployLabels.MANAGER));
        if (oldMetadata.get("resourceVersion") != null) {
            metadata.put("resourceVersion", oldMetadata.get("resourceVersion"));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("holderIdentity", holder);
        spec.put("leaseDurationSeconds", TTL.toSeconds());
        spec.put("acquireTime", micro(acquired));
        spec.put("renewTime", micro(renewed));
        Map<String, Object> lease = new LinkedHashMap<>();
        lease.put("apiVersion", "coordination.k8s.io/v1");
        lease.put("kind", "Lease");
        lease.put("metadata", metadata);
        lease.put("spec", spec);
        return lease;
    }

    private static String micro(Instant t) {
        return MICRO_TIME.format(t.truncatedTo(ChronoUnit.MICROS).atZone(java.time.ZoneOffset.UTC));
    }

    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        try {
            cluster.delete("coordination.k8s.io/v1", key);
        } catch (RuntimeException e) {
            // the lease expires by itself
        }
    }
}
