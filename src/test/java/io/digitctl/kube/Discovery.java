package io.digitctl.kube;

import io.fabric8.mockwebserver.http.MockResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The discovery documents of a small cluster: the kinds DIGIT charts use. */
final class Discovery {
    private record Kind(String groupVersion, String kind, String plural, boolean namespaced) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("v1", "Namespace", "namespaces", false),
            new Kind("v1", "ConfigMap", "configmaps", true),
            new Kind("v1", "Secret", "secrets", true),
            new Kind("v1", "Service", "services", true),
            new Kind("v1", "ServiceAccount", "serviceaccounts", true),
            new Kind("v1", "Pod", "pods", true),
            new Kind("v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
            new Kind("apps/v1", "Deployment", "deployments", true),
            new Kind("apps/v1", "StatefulSet", "statefulsets", true),
            new Kind("apps/v1", "DaemonSet", "daemonsets", true),
            new Kind("batch/v1", "Job", "jobs", true),
            new Kind("batch/v1", "CronJob", "cronjobs", true),
            new Kind("networking.k8s.io/v1", "Ingress", "ingresses", true),
            new Kind("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true),
            new Kind("rbac.authorization.k8s.io/v1", "Role", "roles", true),
            new Kind("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
            new Kind("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
            new Kind("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
            new Kind("coordination.k8s.io/v1", "Lease", "leases", true),
            new Kind("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
            new Kind("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
            new Kind("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false));

    private Discovery() {
    }

    /** The document for a discovery path, or null when the path is not discovery. */
    static MockResponse answer(String path) {
        if (path.equals("/version")) {
            return MockCluster.json(200, Map.of("major", "1", "minor", "30", "gitVersion", "v1.30.2", "platform", "linux/amd64"));
        }
        if (path.equals("/api")) {
            return MockCluster.json(200, Map.of("kind", "APIVersions", "versions", List.of("v1")));
        }
        if (path.equals("/apis")) {
            List<Object> groups = new ArrayList<>();
            KINDS.stream().map(Kind::groupVersion).filter(gv -> gv.contains("/")).distinct().forEach(gv -> {
                Map<String, Object> version = Map.of("groupVersion", gv, "version", gv.substring(gv.indexOf('/') + 1));
                groups.add(Map.of("name", gv.substring(0, gv.indexOf('/')), "versions", List.of(version), "preferredVersion", version));
            });
            return MockCluster.json(200, Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
        }
        String groupVersion = path.equals("/api/v1") ? "v1" : path.startsWith("/apis/") && path.split("/").length == 4 ? path.substring(6) : null;
        if (groupVersion == null) {
            return null;
        }
        List<Object> resources = new ArrayList<>();
        for (Kind k : KINDS) {
            if (k.groupVersion().equals(groupVersion)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("name", k.plural());
                r.put("singularName", k.kind().toLowerCase());
                r.put("namespaced", k.namespaced());
                r.put("kind", k.kind());
                r.put("verbs", List.of("create", "delete", "get", "list", "patch", "update", "watch"));
                resources.add(r);
            }
        }
        if (resources.isEmpty()) {
            return null;
        }
        return MockCluster.json(200, Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", groupVersion, "resources", resources));
    }
}
