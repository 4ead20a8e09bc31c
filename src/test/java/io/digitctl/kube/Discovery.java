package io.digitctl.kube;

import io.fabric8.mockwebserver.http.MockResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The discovery documents of a fresh Kubernetes 1.31 cluster: its built-in groups and kinds, plus the
 * kinds of CustomResourceDefinitions once they are established (and no longer once they are deleted).
 */
final class Discovery {
    record Kind(String groupVersion, String kind, String plural, boolean namespaced) {
        String group() {
            return groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
        }

        String version() {
            return groupVersion.substring(groupVersion.indexOf('/') + 1);
        }

        /** {@code deployments.apps}, {@code configmaps}: how messages name the resource. */
        String qualified() {
            return group().isEmpty() ? plural : plural + "." + group();
        }
    }

    static final String GIT_VERSION = "v1.31.4";

    private static final List<Kind> BUILT_IN = List.of(
            k("v1", "Binding", "bindings", true),
            k("v1", "ConfigMap", "configmaps", true),
            k("v1", "Endpoints", "endpoints", true),
            k("v1", "Event", "events", true),
            k("v1", "LimitRange", "limitranges", true),
            k("v1", "Namespace", "namespaces", false),
            k("v1", "Node", "nodes", false),
            k("v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
            k("v1", "PersistentVolume", "persistentvolumes", false),
            k("v1", "Pod", "pods", true),
            k("v1", "PodTemplate", "podtemplates", true),
            k("v1", "ReplicationController", "replicationcontrollers", true),
            k("v1", "ResourceQuota", "resourcequotas", true),
            k("v1", "Secret", "secrets", true),
            k("v1", "ServiceAccount", "serviceaccounts", true),
            k("v1", "Service", "services", true),
            k("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
            k("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false),
            k("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", false),
            k("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", false),
            k("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false),
            k("apiregistration.k8s.io/v1", "APIService", "apiservices", false),
            k("apps/v1", "ControllerRevision", "controllerrevisions", true),
            k("apps/v1", "DaemonSet", "daemonsets", true),
            k("apps/v1", "Deployment", "deployments", true),
            k("apps/v1", "ReplicaSet", "replicasets", true),
            k("apps/v1", "StatefulSet", "statefulsets", true),
            k("authentication.k8s.io/v1", "SelfSubjectReview", "selfsubjectreviews", false),
            k("authentication.k8s.io/v1", "TokenReview", "tokenreviews", false),
            k("authorization.k8s.io/v1", "LocalSubjectAccessReview", "localsubjectaccessreviews", true),
            k("authorization.k8s.io/v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false),
            k("authorization.k8s.io/v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false),
            k("authorization.k8s.io/v1", "SubjectAccessReview", "subjectaccessreviews", false),
            k("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
            k("autoscaling/v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
            k("batch/v1", "CronJob", "cronjobs", true),
            k("batch/v1", "Job", "jobs", true),
            k("certificates.k8s.io/v1", "CertificateSigningRequest", "certificatesigningrequests", false),
            k("coordination.k8s.io/v1", "Lease", "leases", true),
            k("discovery.k8s.io/v1", "EndpointSlice", "endpointslices", true),
            k("events.k8s.io/v1", "Event", "events", true),
            k("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", "flowschemas", false),
            k("flowcontrol.apiserver.k8s.io/v1", "PriorityLevelConfiguration", "prioritylevelconfigurations", false),
            k("networking.k8s.io/v1", "IngressClass", "ingressclasses", false),
            k("networking.k8s.io/v1", "Ingress", "ingresses", true),
            k("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true),
            k("node.k8s.io/v1", "RuntimeClass", "runtimeclasses", false),
            k("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
            k("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
            k("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
            k("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
            k("rbac.authorization.k8s.io/v1", "Role", "roles", true),
            k("scheduling.k8s.io/v1", "PriorityClass", "priorityclasses", false),
            k("storage.k8s.io/v1", "CSIDriver", "csidrivers", false),
            k("storage.k8s.io/v1", "CSINode", "csinodes", false),
            k("storage.k8s.io/v1", "CSIStorageCapacity", "csistoragecapacities", true),
            k("storage.k8s.io/v1", "StorageClass", "storageclasses", false),
            k("storage.k8s.io/v1", "VolumeAttachment", "volumeattachments", false));

    /** Kinds of established CRDs, by CRD name. */
    private final Map<String, List<Kind>> custom = new ConcurrentHashMap<>();

    private static Kind k(String groupVersion, String kind, String plural, boolean namespaced) {
        return new Kind(groupVersion, kind, plural, namespaced);
    }

    /** The kinds a stored CRD serves (one per served version). */
    static List<Kind> kindsOf(Map<String, Object> crd) {
        String group = String.valueOf(KubeObjects.at(crd, "spec", "group"));
        String kind = String.valueOf(KubeObjects.at(crd, "spec", "names", "kind"));
        String plural = String.valueOf(KubeObjects.at(crd, "spec", "names", "plural"));
        boolean namespaced = !"Cluster".equals(KubeObjects.at(crd, "spec", "scope"));
        List<Kind> kinds = new ArrayList<>();
        for (Map<String, Object> v : KubeObjects.list(crd, "spec", "versions")) {
            if (!Boolean.FALSE.equals(v.get("served"))) {
                kinds.add(new Kind(group + "/" + v.get("name"), kind, plural, namespaced));
            }
        }
        return kinds;
    }

    /** Serves the kinds of this (established) CRD. */
    void establish(Map<String, Object> crd) {
        custom.put(String.valueOf(KubeObjects.at(crd, "metadata", "name")), kindsOf(crd));
    }

    void forget(String crdName) {
        custom.remove(crdName);
    }

    /** Keeps exactly these established CRDs. */
    void retainOnly(java.util.Set<String> crdNames) {
        custom.keySet().retainAll(crdNames);
    }

    /** Every kind served now. */
    List<Kind> kinds() {
        return all();
    }

    private List<Kind> all() {
        List<Kind> all = new ArrayList<>(BUILT_IN);
        custom.values().forEach(all::addAll);
        return all;
    }

    /** The kind served at this group/version and resource, or null when the server does not serve it. */
    Kind find(String groupVersion, String plural) {
        for (Kind k : all()) {
            if (k.groupVersion().equals(groupVersion) && k.plural().equals(plural)) {
                return k;
            }
        }
        return null;
    }

    /** The document for a discovery path, or null when the path is not discovery. */
    MockResponse answer(String path) {
        if (path.equals("/version")) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("major", "1");
            v.put("minor", "31");
            v.put("gitVersion", GIT_VERSION);
            v.put("gitCommit", "a78aa47129b8539636eb86a9d00e31b2720fe06b");
            v.put("gitTreeState", "clean");
            v.put("buildDate", "2024-12-10T17:54:31Z");
            v.put("goVersion", "go1.22.9");
            v.put("compiler", "gc");
            v.put("platform", "linux/amd64");
            return MockCluster.json(200, v);
        }
        if (path.equals("/api")) {
            return MockCluster.json(200, Map.of("kind", "APIVersions", "versions", List.of("v1"),
                    "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "10.0.0.1:6443"))));
        }
        List<Kind> all = all();
        if (path.equals("/apis")) {
            Map<String, List<String>> versions = new LinkedHashMap<>();
            all.stream().filter(k -> !k.group().isEmpty())
                    .forEach(k -> {
                        List<String> vs = versions.computeIfAbsent(k.group(), g -> new ArrayList<>());
                        if (!vs.contains(k.version())) {
                            vs.add(k.version());
                        }
                    });
            List<Object> groups = new ArrayList<>();
            versions.forEach((group, vs) -> {
                List<Object> list = vs.stream().<Object>map(v -> Map.of("groupVersion", group + "/" + v, "version", v)).toList();
                groups.add(Map.of("name", group, "versions", list, "preferredVersion", list.get(0)));
            });
            return MockCluster.json(200, Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
        }
        String[] s = path.replaceAll("^/+|/+$", "").split("/");
        String groupVersion = s.length == 2 && s[0].equals("api") ? s[1]
                : s.length == 3 && s[0].equals("apis") ? s[1] + "/" + s[2]
                : s.length == 2 && s[0].equals("apis") ? null : "-";
        if (s.length == 2 && s[0].equals("apis")) {
            List<Object> list = all.stream().filter(k -> k.group().equals(s[1])).map(Kind::version).distinct()
                    .<Object>map(v -> Map.of("groupVersion", s[1] + "/" + v, "version", v)).toList();
            return list.isEmpty() ? ApiStatus.noSuchResource()
                    : MockCluster.json(200, Map.of("kind", "APIGroup", "apiVersion", "v1", "name", s[1], "versions", list, "preferredVersion", list.get(0)));
        }
        if (groupVersion.equals("-")) {
            return null;
        }
        List<Object> resources = new ArrayList<>();
        for (Kind k : all) {
            if (k.groupVersion().equals(groupVersion)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("name", k.plural());
                r.put("singularName", k.kind().toLowerCase());
                r.put("namespaced", k.namespaced());
                r.put("kind", k.kind());
                r.put("verbs", List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"));
                resources.add(r);
            }
        }
        if (resources.isEmpty()) {
            return ApiStatus.noSuchResource();
        }
        return MockCluster.json(200, Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", groupVersion, "resources", resources));
    }

    static boolean sameKinds(Map<String, Object> a, Map<String, Object> b) {
        return Objects.equals(kindsOf(a), kindsOf(b));
    }
}
