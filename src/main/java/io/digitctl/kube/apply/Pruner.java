package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.model.ResourceKey;
import io.digitctl.render.HelmHook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deletes what a service's previous revision applied and the new one no longer renders, but only
 * objects that still carry digitctl's labels for that environment and service.
 */
public final class Pruner {
    private final ClusterGateway cluster;
    private final String environment;

    public Pruner(ClusterGateway cluster, String environment) {
        this.cluster = cluster;
        this.environment = environment;
    }

    /**
     * Objects of {@code before} whose identity is not among {@code now}. Helm hooks are never
     * candidates: their delete policies decide how long they live.
     */
    public static List<Map<String, Object>> candidates(List<Map<String, Object>> before, List<Map<String, Object>> now) {
        Set<ResourceKey> keep = now.stream().map(KubeObjects::key).collect(Collectors.toSet());
        return before.stream().filter(o -> HelmHook.of(o).isEmpty()).filter(o -> !keep.contains(KubeObjects.key(o))).toList();
    }

    /**
     * Deletes the candidates that are ours; returns what was deleted. Namespaces and CRDs are never
     * deleted: that would delete everything in them (other services' objects, the ledger's records),
     * or every resource of the kind, cluster-wide. Neither are hooks, which their policies govern.
     */
    public List<ResourceKey> prune(String service, List<Map<String, Object>> candidates) {
        List<ResourceKey> deleted = new ArrayList<>();
        for (Map<String, Object> candidate : candidates) {
            String kind = String.valueOf(candidate.get("kind"));
            if (kind.equals("Namespace") || kind.equals("CustomResourceDefinition") || HelmHook.of(candidate).isPresent()) {
                continue;
            }
            ResourceKey key = KubeObjects.key(candidate);
            String apiVersion = KubeObjects.apiVersion(candidate);
            Map<String, Object> live = cluster.get(apiVersion, key).orElse(null);
            if (live != null && DeployLabels.ours(KubeObjects.labels(live), environment, service) && cluster.delete(apiVersion, key)) {
                deleted.add(key);
            }
        }
        return deleted;
    }
}
