package io.digitctl.kube.lock;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One Lease per environment while a deploy, rollback or prune runs. A second one fails at once and
 * names the holder; the holder renews the lease, so a lock left by a killed process expires after
 * {@link #TTL}; {@link #forceRelease} removes it on request.
 *
 * <p>Only the holder renews or releases, as in client-go's leader election: the lease carries the
 * holder's identity and a token unique to this acquisition ({@value #TOKEN_ANNOTATION}). The
 * renewer renews only while the lease still carries that token; when the lease is gone or names
 * someone else (another process used {@code --force-unlock}), it stops and the lock is
 * {@linkplain #lost() lost}: {@link #ensureHeld()} then fails and {@link #onLost} listeners are
 * told. {@link #close()} deletes the lease only while it is still ours, with its resourceVersion
 * as a precondition, so that a lease taken over in between is never deleted.
 */
public final class EnvironmentLock implements AutoCloseable {
    public static final Duration TTL = Duration.ofSeconds(60);
    static final String TOKEN_ANNOTATION = "digitctl.io/lock-token";
    private static final String API_VERSION = "coordination.k8s.io/v1";
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final ClusterGateway cluster;
    private final ResourceKey key;
    private final String environment;
    private final String holder;
    private final String action;
    private final String token = UUID.randomUUID().toString();
    private final Instant acquired = Instant.now();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile String lostReason;
    private ScheduledExecutorService renewer;

    private EnvironmentLock(ClusterGateway cluster, ResourceKey key, String environment, String holder, String action) {
        this.cluster = cluster;
        this.key = key;
        this.environment = environment;
        this.holder = holder + " (" + action + ")";
        this.action = action;
    }

    static ResourceKey keyFor(String environment, String namespace) {
        return new ResourceKey("coordination.k8s.io", "Lease", namespace, "digitctl-lock-" + environment);
    }

    /**
     * Removes the lock ({@code --force-unlock}); its holder finds out at its next check or renewal.
     * A lock whose holder looks alive (renewed within its duration, and not a process of this host
     * that is gone) is removed only if {@code confirm} says yes to the question it is asked.
     * Returns what was done, for the user.
     */
    public static String forceRelease(ClusterGateway cluster, String environment, String namespace, Predicate<String> confirm) {
        ResourceKey key = keyFor(environment, namespace);
        Map<String, Object> lease = cluster.get(API_VERSION, key).orElse(null);
        if (lease == null) {
            return "environment " + environment + " was not locked (--force-unlock)";
        }
        String holder = holderOf(lease);
        Instant now = Instant.now();
        if (!expired(lease, now) && !deadOnThisHost(holder)) {
            String question = "The lock of environment " + environment + " is held by " + holder + ", renewed "
                    + secondsSinceRenewal(lease, now) + " s ago: its holder looks alive. Remove the lock anyway?";
            if (!confirm.test(question)) {
                throw new DigitctlException("The lock of environment " + environment + " is held by " + holder + ", renewed "
                        + secondsSinceRenewal(lease, now) + " s ago, so its holder looks alive. --force-unlock asks for confirmation"
                        + " on a terminal and refuses without one. Let it finish or stop it; a dead holder's lock expires within "
                        + TTL.toSeconds() + " s.");
            }
        }
        cluster.delete(API_VERSION, key);
        return "removed the lock of environment " + environment + " held by " + holder + " (--force-unlock)";
    }

    /** A holder named {@code user@host (pid N)} whose host is this one and whose process is gone. */
    static boolean deadOnThisHost(String holder) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[^@]*@(\\S+) \\(pid (\\d+)\\)").matcher(holder);
        if (!m.find()) {
            return false;
        }
        try {
            if (!m.group(1).equals(java.net.InetAddress.getLocalHost().getHostName())) {
                return false;
            }
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(m.group(2))).map(p -> !p.isAlive()).orElse(true);
    }

    private static long secondsSinceRenewal(Map<String, Object> lease, Instant now) {
        try {
            return Duration.between(ZonedDateTime.parse(String.valueOf(KubeObjects.at(lease, "spec", "renewTime"))).toInstant(), now).toSeconds();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Takes the lock, or fails naming who holds it and since when. */
    public static EnvironmentLock acquire(ClusterGateway cluster, String environment, String namespace, String holder, String action) {
        EnvironmentLock lock = new EnvironmentLock(cluster, keyFor(environment, namespace), environment, holder, action);
        lock.take();
        lock.startRenewing();
        return lock;
    }

    private void take() {
        Instant now = acquired;
        try {
            cluster.create(lease(now, null));
            return;
        } catch (ClusterGateway.ConflictException taken) {
            // held, expired, or our own create whose first attempt landed: look below
        } catch (KubeException.ServerError | KubeException.Unreachable uncertain) {
            // the create may have landed although its answer was lost
            boolean landed;
            try {
                landed = ours(live().orElse(null));
            } catch (RuntimeException unreadable) {
                landed = false;
            }
            if (!landed) {
                throw uncertain;
            }
            return;
        }
        Optional<Map<String, Object>> live = live();
        if (live.isPresent() && ours(live.get())) {
            return;
        }
        if (live.isPresent() && !expired(live.get(), now)) {
            throw new DigitctlException("Environment " + environment + " is locked by " + holderOf(live.get())
                    + " since " + KubeObjects.at(live.get(), "spec", "acquireTime") + " (Lease " + key
                    + "). Wait for it to finish, or pass --force-unlock if that process is gone.");
        }
        // a lock left by a process that died: take it over, unless someone else just did
        try {
            if (live.isPresent()) {
                cluster.replace(lease(now, resourceVersionOf(live.get())));
            } else {
                cluster.create(lease(now, null));
            }
        } catch (ClusterGateway.ConflictException raced) {
            Optional<Map<String, Object>> now2 = live();
            if (now2.isPresent() && ours(now2.get())) {
                return;
            }
            throw new DigitctlException("Environment " + environment + " was locked by "
                    + now2.map(EnvironmentLock::holderOf).orElse("another deploy") + " at the same moment; try again.");
        }
    }

    /** Called when the lock is found lost, with the message that {@link #ensureHeld()} throws. */
    public void onLost(Consumer<String> listener) {
        listeners.add(listener);
        if (lostReason != null) {
            listener.accept(lostReason);
        }
    }

    /** True once the renewer or a check found the lease gone or held by someone else. */
    public boolean lost() {
        return lostReason != null;
    }

    /**
     * Fails with a {@link DigitctlException} when this process no longer holds the lock: the lease
     * was removed or taken over (another process ran with {@code --force-unlock}). It reads the
     * lease once, so call it between levels and before recording the result, not per object; when
     * the cluster cannot be read just then, the last renewal's view counts.
     */
    public void ensureHeld() {
        if (lostReason == null) {
            try {
                Optional<Map<String, Object>> live = live();
                if (!live.map(this::ours).orElse(false)) {
                    markLost(live.orElse(null));
                }
            } catch (KubeException.ServerError | KubeException.Unreachable e) {
                // cannot tell now; the renewer keeps checking
            }
        }
        if (lostReason != null) {
            throw new DigitctlException(lostReason);
        }
    }

    private void startRenewing() {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lock-renewer");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleAtFixedRate(this::renew, TTL.toSeconds() / 3, TTL.toSeconds() / 3, TimeUnit.SECONDS);
    }

    /** One renewal: only while the lease carries our token, and only the version we read. */
    void renew() {
        if (lostReason != null) {
            return;
        }
        try {
            Optional<Map<String, Object>> live = live();
            if (live.isEmpty() || !ours(live.get())) {
                markLost(live.orElse(null));
                return;
            }
            cluster.replace(lease(Instant.now(), resourceVersionOf(live.get())));
        } catch (ClusterGateway.ConflictException changed) {
            // changed between our read and our write: the next tick (or ensureHeld) reads who has it
            try {
                Optional<Map<String, Object>> live = live();
                if (live.isEmpty() || !ours(live.get())) {
                    markLost(live.orElse(null));
                }
            } catch (RuntimeException e) {
                // the next tick tries again
            }
        } catch (RuntimeException e) {
            // renewal is retried on the next tick; the TTL covers a missed one
        }
    }

    private synchronized void markLost(Map<String, Object> live) {
        if (lostReason != null) {
            return;
        }
        String what = "this " + action;
        lostReason = live == null
                ? "The lock of environment " + environment + " was removed (--force-unlock?) while " + what + " ran (Lease " + key
                + "). Another deploy may have changed the environment at the same time; check 'digitctl status -e " + environment + "'."
                : "The lock of environment " + environment + " was taken by " + holderOf(live) + " (--force-unlock?) while " + what
                + " ran (Lease " + key + "). Its changes and ours may be mixed; check 'digitctl status -e " + environment + "'.";
        if (renewer != null) {
            renewer.shutdown();
        }
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(lostReason);
            } catch (RuntimeException e) {
                // a listener's failure must not stop the others
            }
        }
    }

    private Optional<Map<String, Object>> live() {
        return cluster.get(API_VERSION, key);
    }

    private boolean ours(Map<String, Object> lease) {
        if (lease == null) {
            return false;
        }
        Object annotations = KubeObjects.metadata(lease).get("annotations");
        return annotations instanceof Map<?, ?> a && token.equals(a.get(TOKEN_ANNOTATION)) && holder.equals(holderOf(lease));
    }

    private static String resourceVersionOf(Map<String, Object> lease) {
        Object rv = KubeObjects.metadata(lease).get("resourceVersion");
        return rv == null ? null : String.valueOf(rv);
    }

    private static String holderOf(Map<String, Object> lease) {
        return String.valueOf(KubeObjects.at(lease, "spec", "holderIdentity"));
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

    private Map<String, Object> lease(Instant renewed, String resourceVersion) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", key.name());
        metadata.put("namespace", key.namespace());
        metadata.put("labels", Map.of(DeployLabels.MANAGED_BY, DeployLabels.MANAGER));
        metadata.put("annotations", Map.of(TOKEN_ANNOTATION, token));
        if (resourceVersion != null) {
            metadata.put("resourceVersion", resourceVersion);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("holderIdentity", holder);
        spec.put("leaseDurationSeconds", TTL.toSeconds());
        spec.put("acquireTime", micro(acquired));
        spec.put("renewTime", micro(renewed));
        Map<String, Object> lease = new LinkedHashMap<>();
        lease.put("apiVersion", API_VERSION);
        lease.put("kind", "Lease");
        lease.put("metadata", metadata);
        lease.put("spec", spec);
        return lease;
    }

    private static String micro(Instant t) {
        return MICRO_TIME.format(t.truncatedTo(ChronoUnit.MICROS).atZone(java.time.ZoneOffset.UTC));
    }

    /** Stops renewing and deletes the lease, only if it is still ours and unchanged since we read it. */
    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
            try {
                renewer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lostReason != null) {
            return;
        }
        try {
            Optional<Map<String, Object>> live = live();
            if (live.isPresent() && ours(live.get())) {
                cluster.delete(API_VERSION, key, resourceVersionOf(live.get()));
            }
        } catch (RuntimeException e) {
            // changed in between (then it is not ours), or unreachable: the lease expires by itself
        }
    }
}
