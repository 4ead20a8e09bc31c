package io.digitctl.kube.apply;

import io.digitctl.render.Manifest;

import java.util.Comparator;
import java.util.List;

/**
 * The order objects of one service are applied in: what others need first (namespaces, CRDs,
 * service accounts and RBAC, config maps and secrets, storage, services), then workloads, then
 * what points at workloads (ingresses, autoscalers). Within a kind, the chart's order.
 */
public final class KindOrder {
    private static final List<String> ORDER = List.of(
            "Namespace", "CustomResourceDefinition", "PriorityClass", "StorageClass", "ServiceAccount",
            "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "NetworkPolicy", "ResourceQuota", "LimitRange",
            "ConfigMap", "Secret", "PersistentVolume", "PersistentVolumeClaim", "Service", "PodDisruptionBudget",
            "DaemonSet", "StatefulSet", "Deployment", "Job", "CronJob",
            "Ingress", "HorizontalPodAutoscaler");

    private KindOrder() {
    }

    static int rank(String kind) {
        int i = ORDER.indexOf(kind);
        // unknown kinds (custom resources) after their definitions and the built-ins they may use
        return i < 0 ? ORDER.size() : i;
    }

    public static final Comparator<Manifest> COMPARATOR = Comparator.comparingInt(m -> rank(m.key().kind()));

    /** The same order for plain objects, such as those recorded in the ledger. */
    public static final Comparator<java.util.Map<String, Object>> OBJECTS = Comparator.comparingInt(o -> rank(String.valueOf(o.get("kind"))));

    public static List<Manifest> sorted(List<Manifest> manifests) {
        return manifests.stream().sorted(COMPARATOR).toList();
    }
}
