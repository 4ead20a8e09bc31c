package io.digitctl.action;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.apply.ConfigReferences;
import io.digitctl.kube.apply.LiveMatch;
import io.digitctl.kube.apply.VolatilePaths;
import io.digitctl.kube.health.HealthRules;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.digitctl.render.HelmHook;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
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

/**
 * What a deploy really changes, so that it changes only that. Volatile render stamps keep their
 * live values; a workload that uses a ConfigMap or Secret that changes in this deploy gets a fresh
 * stamp and rolls; and a service whose rendered objects equal those of its last deployed revision,
 * whose live objects still hold them and which is healthy is left alone.
 */
final class ServiceChanges {
    /** Workloads whose pod template may change; a Job's is immutable, and a Pod is not rolled. */
    private static final Set<String> RESTARTABLE = Set.of("Deployment", "StatefulSet", "DaemonSet", "CronJob");

    /**
     * The services as they will be sent, the unchanged ones (with their revision), why workloads restart,
     * and the services whose recorded objects could not stand in for their render: those must be
     * rendered and the deploy assessed again. {@code digests} says what each service's objects are, for
     * plan files: the rendered ones' digest, or the recorded revision's.
     */
    record Assessment(Map<String, ServiceObjects> services, Map<String, Integer> unchanged, Map<String, List<String>> restarts,
                      List<String> otherEnvironments, Map<String, Revision> latest, Set<String> toRender, Map<String, String> digests) {

        /** Whether the environment has a revision of the service: its hooks are then the upgrade hooks, not the install ones. */
        boolean hasRevision(String service) {
            return latest.containsKey(service);
        }

        /**
         * The revisions of rendered services found unchanged that do not say they were rendered from these
         * inputs (an env-file edit that changed none of their objects, a new digitctl, a record older than
         * render inputs): recorded with them, they stand in for the render next time.
         */
        List<Revision> renderInputsToRecord(Map<String, String> renderInputs) {
            List<Revision> out = new ArrayList<>();
            unchanged.keySet().forEach(name -> {
                String input = renderInputs.get(name);
                Revision last = latest.get(name);
                if (input != null && last != null && !input.equals(last.renderInput())) {
                    out.add(last.withRenderInput(input));
                }
            });
            return out;
        }
    }

    private final ClusterGateway cluster;
    private final Ledger ledger;
    private final VolatilePaths volatilePaths;
    private final boolean force;
    private final int parallel;

    private final String environment;

    ServiceChanges(ClusterGateway cluster, String environment, Ledger ledger, VolatilePaths volatilePaths, boolean force, int parallel) {
        this.environment = environment;
        this.cluster = cluster;
        this.ledger = ledger;
        this.volatilePaths = volatilePaths;
        this.force = force;
        this.parallel = parallel;
    }

    /**
     * Whether the objects that a service's last deploy applied can stand in for its render: they were
     * rendered from the same inputs, that deploy succeeded and is the service's latest, and they hold
     * something, but no Secret, whose values the ledger does not keep. Asked while Helm renders; waits for the ledger.
     */
    boolean canStandIn(String service, String inputDigest) {
        Revision last;
        try {
            last = latest().get(service);
        } catch (RuntimeException unread) {
            return false; // the render goes on; the assessment reports what could not be read
        }
        return !force && last != null && last.status() == Revision.Status.DEPLOYED && inputDigest.equals(last.renderInput())
                && !last.manifests().isEmpty()
                && last.manifests().stream().noneMatch(o -> "Secret".equals(o.get("kind")) && "v1".equals(o.get("apiVersion")));
    }

    /**
     * @param services the rendered services
     * @param standIns the services whose last revision's objects stand in for their render ({@link #canStandIn})
     */
    Assessment assess(Map<String, ServiceObjects> services, Set<String> standIns) {
        Map<String, Revision> latest = latest();
        Map<String, List<Map<String, Object>>> recorded = new LinkedHashMap<>();
        standIns.forEach(name -> recorded.put(name, latest.get(name).manifests().stream().filter(o -> HelmHook.of(o).isEmpty()).toList()));
        List<List<Map<String, Object>>> wanted = new ArrayList<>();
        services.values().forEach(s -> wanted.add(s.clusterWide()));
        services.values().forEach(s -> wanted.add(s.ordinary()));
        wanted.addAll(recorded.values());
        Map<ResourceKey, Map<String, Object>> live = live(wanted);
        Map<ConfigReferences.Ref, String> changedConfig = changedConfig(services.values(), live);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Map<String, ServiceObjects> adjusted = new LinkedHashMap<>();
        Map<String, Integer> unchanged = new LinkedHashMap<>();
        Map<String, List<String>> restarts = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        for (ServiceObjects s : services.values()) {
            List<String> why = new ArrayList<>();
            List<Map<String, Object>> ordinary = new ArrayList<>();
            for (Map<String, Object> o : s.ordinary()) {
                Map<String, Object> current = live.get(KubeObjects.key(o));
                Set<String> reasons = new LinkedHashSet<>();
                ConfigReferences.of(o).forEach(ref -> Optional.ofNullable(changedConfig.get(ref)).ifPresent(reasons::add));
                if (current != null && !reasons.isEmpty() && RESTARTABLE.contains(String.valueOf(o.get("kind")))) {
                    ordinary.add(VolatilePaths.restamped(o, current, now));
                    why.add(KubeObjects.key(o).name() + ": restart, " + String.join(", ", reasons));
                } else {
                    ordinary.add(current == null ? o : volatilePaths.keepLive(o, current));
                }
            }
            ServiceObjects sent = new ServiceObjects(s.service(), s.clusterWide(), s.hooks(), List.copyOf(ordinary));
            adjusted.put(s.name(), sent);
            String digest = digest(sent.all());
            digests.put(s.name(), digest);
            if (!why.isEmpty()) {
                restarts.put(s.name(), why);
                continue;
            }
            Revision last = latest.get(s.name());
            if (!force && last != null && last.status() == Revision.Status.DEPLOYED && digest.equals(last.valuesDigest())
                    && liveAndHealthy(sent.clusterWide(), live) && liveAndHealthy(sent.ordinary(), live)) {
                unchanged.put(s.name(), last.number());
            }
        }
        Set<String> toRender = new LinkedHashSet<>();
        recorded.forEach((name, objects) -> {
            Revision last = latest.get(name);
            boolean usesChangedConfig = objects.stream().anyMatch(o -> ConfigReferences.of(o).stream().anyMatch(changedConfig::containsKey));
            if (!usesChangedConfig && liveAndHealthy(objects, live)) {
                unchanged.put(name, last.number());
                digests.put(name, last.valuesDigest());
            } else {
                toRender.add(name);
            }
        });
        return new Assessment(adjusted, unchanged, restarts, otherEnvironments(services.values(), live), Map.copyOf(latest),
                toRender, digests);
    }

    /** Whether the live objects still hold these, volatile paths aside, and its workloads are healthy. */
    private boolean liveAndHealthy(List<Map<String, Object>> objects, Map<ResourceKey, Map<String, Object>> live) {
        return objects.stream().allMatch(o -> LiveMatch.covers(volatilePaths.stripped(o), live.get(KubeObjects.key(o))))
                && objects.stream().filter(o -> HealthRules.WORKLOADS.contains(String.valueOf(o.get("kind"))))
                .allMatch(o -> HealthRules.of(live.get(KubeObjects.key(o))).isHealthy());
    }

    /** Live objects of this deploy that digitctl labelled for another environment: two environments sharing a namespace. */
    private List<String> otherEnvironments(Collection<ServiceObjects> services, Map<ResourceKey, Map<String, Object>> live) {
        List<String> out = new ArrayList<>();
        for (ServiceObjects s : services) {
            for (Map<String, Object> o : s.all()) {
                Map<String, Object> current = live.get(KubeObjects.key(o));
                if (current == null) {
                    continue;
                }
                Map<String, String> labels = KubeObjects.labels(current);
                String owner = labels.get(io.digitctl.kube.apply.DeployLabels.ENVIRONMENT);
                if (io.digitctl.kube.apply.DeployLabels.MANAGER.equals(labels.get(io.digitctl.kube.apply.DeployLabels.MANAGED_BY))
                        && owner != null && !owner.equals(environment)) {
                    out.add(KubeObjects.key(o) + " (" + s.name() + ", environment " + owner + ")");
                }
            }
        }
        return out;
    }

    /** What a revision records as its content: the objects without volatile fields and without secret values. */
    String digest(List<Map<String, Object>> objects) {
        return DeployAction.digest(Ledger.withoutSecretValues(objects.stream().map(volatilePaths::stripped).toList()));
    }

    /** The newest revision of each service, read once per deploy. */
    private Map<String, Revision> latest() {
        prefetch();
        return ParallelCalls.joined(latestRead);
    }

    /** The objects of one kind in one namespace (none for a cluster-scoped kind): what one list call reads. */
    private record KindGroup(String apiVersion, String kind, String namespace) {
        static KindGroup of(Map<String, Object> object) {
            ResourceKey key = KubeObjects.key(object);
            return new KindGroup(KubeObjects.apiVersion(object), key.kind(), key.namespace());
        }

        ResourceKey keyOf(Map<String, Object> item) {
            return ResourceKey.of(apiVersion, kind, namespace, String.valueOf(KubeObjects.metadata(item).get("name")));
        }
    }

    private volatile CompletableFuture<Map<String, Revision>> latestRead;
    private volatile CompletableFuture<Map<KindGroup, List<Map<String, Object>>>> listsRead;

    /**
     * Starts reading, while Helm renders, what {@link #assess} will need: the ledger, then the live
     * lists of the kinds and namespaces the services' latest revisions applied. On a redeploy those
     * are nearly all it needs; new kinds or namespaces are read afterwards. Nothing is written
     * before {@link #assess}, so the reads are as current as a later read would be. The ledger is
     * read on its own first, as {@link #canStandIn} waits for it.
     */
    synchronized void prefetch() {
        if (latestRead != null) {
            return;
        }
        latestRead = CompletableFuture.supplyAsync(() -> Ledger.latestByService(ledger.history(null)));
        listsRead = latestRead.thenApplyAsync(latest -> {
            Set<KindGroup> groups = new LinkedHashSet<>();
            latest.values().forEach(r -> r.manifests().stream().filter(o -> HelmHook.of(o).isEmpty()).forEach(o -> groups.add(KindGroup.of(o))));
            Map<KindGroup, List<Map<String, Object>>> lists = new ConcurrentHashMap<>();
            ParallelCalls.run("prefetch", parallel, groups.stream().<Callable<Boolean>>map(g -> () -> {
                lists.put(g, list(g));
                return true;
            }).toList(), "while reading the ledger and the live objects");
            return lists;
        });
    }

    /** ConfigMaps and Secrets of this deploy that are new or differ from the live ones, with the reason shown in the plan. */
    private static Map<ConfigReferences.Ref, String> changedConfig(Collection<ServiceObjects> services, Map<ResourceKey, Map<String, Object>> live) {
        Map<ConfigReferences.Ref, String> changed = new HashMap<>();
        for (ServiceObjects s : services) {
            for (Map<String, Object> o : s.ordinary()) {
                String kind = String.valueOf(o.get("kind"));
                if (!kind.equals("ConfigMap") && !kind.equals("Secret")) {
                    continue;
                }
                Map<String, Object> current = live.get(KubeObjects.key(o));
                if (current != null && (!LiveMatch.covers(o, current) || !LiveMatch.sameKeys(o, current))) {
                    ResourceKey key = KubeObjects.key(o);
                    changed.put(new ConfigReferences.Ref(kind, key.namespace(), key.name()), kind + " " + key.namespace() + "/" + key.name() + " changed");
                }
            }
        }
        return changed;
    }

    /**
     * The live object of everything the deploy sends or stands in for, hooks aside: one list per kind and namespace,
     * in parallel, rather than one read per object. A kind the cluster does not serve yet (its CRD
     * comes with this deploy) has no live objects.
     */
    private Map<ResourceKey, Map<String, Object>> live(Collection<List<Map<String, Object>>> objectLists) {
        Map<KindGroup, Set<ResourceKey>> wanted = new LinkedHashMap<>();
        objectLists.forEach(objects -> objects.forEach(o -> wanted.computeIfAbsent(KindGroup.of(o), k -> new java.util.HashSet<>())
                .add(KubeObjects.key(o))));
        Map<ResourceKey, Map<String, Object>> out = new ConcurrentHashMap<>();
        List<Callable<Boolean>> lists = new ArrayList<>();
        wanted.forEach((group, keys) -> lists.add(() -> {
            List<Map<String, Object>> read = ParallelCalls.joined(listsRead).get(group);
            for (Map<String, Object> item : read != null ? read : list(group)) {
                ResourceKey key = group.keyOf(item);
                if (keys.contains(key)) {
                    out.put(key, item);
                }
            }
            return true;
        }));
        ParallelCalls.run("live-state", parallel, lists, "while reading the live objects");
        return out;
    }

    private List<Map<String, Object>> list(KindGroup group) {
        try {
            return cluster.list(group.apiVersion(), group.kind(), group.namespace().isEmpty() ? null : group.namespace(), Map.of());
        } catch (io.digitctl.kube.KubeException.NotFound e) {
            return List.of();
        }
    }
}
