package io.digitctl.kube;

import java.util.Set;

/** Kinds that live outside namespaces, so that rendered objects get a namespace only where one belongs. */
public final class ClusterScope {
    private static final Set<String> CLUSTER_KINDS = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole",
            "ClusterRoleBinding", "PersistentVolume", "StorageClass", "PriorityClass", "ClusterIssuer",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "IngressClass",
            "PodSecurityPolicy", "RuntimeClass", "CSIDriver", "VolumeSnapshotClass", "Node");

    private ClusterScope() {
    }

    public static boolean isClusterScoped(String kind) {
        return CLUSTER_KINDS.contains(kind);
    }
}
