package io.digitctl.kube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.digitctl.kube.MockObjects.*;

/** Pods as the controllers and the kubelet write them: created from a template, their status, their FailedMount Events. */
final class MockPodWriter {
    private final MockStore store;
    private final Set<String> events = ConcurrentHashMap.newKeySet();

    MockPodWriter(MockStore store) {
        this.store = store;
    }

    /** The pod as stored, or null when the controller could not create it (its ServiceAccount does not exist). */
    Map<String, Object> createPod(String namespace, String podName, Map<String, Object> template, Map<String, String> extraLabels,
                                          String ownerKind, String ownerName, String ownerUid, MockPods.Start start) {
        Map<String, Object> labels = new LinkedHashMap<>(map(KubeObjects.at(template, "metadata", "labels")));
        labels.putAll(extraLabels);
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("apiVersion", ownerKind.equals("Job") ? "batch/v1" : "apps/v1");
        owner.put("kind", ownerKind);
        owner.put("name", ownerName);
        owner.put("uid", ownerUid);
        owner.put("controller", true);
        owner.put("blockOwnerDeletion", true);
        Map<String, Object> md = metadata(podName, namespace, labels, owner);
        Map<String, Object> annotations = map(KubeObjects.at(template, "metadata", "annotations"));
        if (!annotations.isEmpty()) {
            md.put("annotations", annotations);
        }
        Map<String, Object> spec = new LinkedHashMap<>(map(template.get("spec")));
        if (!serviceAccountExists(spec, namespace)) {
            // as the controllers are refused: pods "x" is forbidden: error looking up service account ns/name; no pod exists
            return null;
        }
        spec.put("nodeName", "mock-node");
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        pod.put("metadata", md);
        pod.put("spec", spec);
        store.create("/api/v1/namespaces/" + namespace + "/pods", pod);
        Map<String, Object> stored = store.get(podPath(namespace, podName));
        if (stored != null) {
            setPodStatus(stored, start);
            return stored;
        }
        return pod;
    }

    /** Every namespace has its {@code default} ServiceAccount; any other must exist for a controller to make pods. */
    boolean serviceAccountExists(Map<String, Object> podSpec, String namespace) {
        Object account = podSpec.get("serviceAccountName") != null ? podSpec.get("serviceAccountName") : podSpec.get("serviceAccount");
        return account == null || "default".equals(account) || store.get("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + account) != null;
    }

    void setPodStatus(Map<String, Object> pod, MockPods.Start start) {
        if (Objects.equals(essence(pod.get("status")), essence(start.status()))) {
            return;
        }
        pod.put("status", start.status());
        store.updateStatus(podPath(namespace(pod), name(pod)), pod);
    }

    /** A Warning FailedMount Event per pod and volume, as the kubelet records it. */
    void recordMountFailures(Map<String, Object> pod, MockPods.Start start) {
        for (MockPods.MountFailure f : start.mountFailures()) {
            String key = uid(pod) + "/" + f.volume();
            if (!events.add(key)) {
                continue;
            }
            String namespace = namespace(pod);
            String now = MockPods.now();
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("apiVersion", "v1");
            event.put("kind", "Event");
            event.put("metadata", Map.of("name", name(pod) + "." + Long.toHexString(System.nanoTime()), "namespace", namespace));
            event.put("involvedObject", Map.of("apiVersion", "v1", "kind", "Pod", "name", name(pod), "namespace", namespace, "uid", uid(pod)));
            event.put("reason", "FailedMount");
            event.put("message", f.message());
            event.put("type", "Warning");
            event.put("count", 1);
            event.put("firstTimestamp", now);
            event.put("lastTimestamp", now);
            event.put("source", Map.of("component", "kubelet", "host", "mock-node"));
            event.put("reportingComponent", "kubelet");
            event.put("reportingInstance", "mock-node");
            store.create("/api/v1/namespaces/" + namespace + "/events", event);
        }
    }

    static Map<String, Object> findPod(List<Map<String, Object>> pods, String podName, String hash) {
        for (Map<String, Object> pod : pods) {
            if (name(pod).equals(podName) && hash.equals(podHash(pod))) {
                return pod;
            }
        }
        return null;
    }

    /** A pod of the same name but an older template (a StatefulSet's) goes before its successor comes. */
    void removeStale(List<Map<String, Object>> pods, String podName) {
        for (java.util.Iterator<Map<String, Object>> i = pods.iterator(); i.hasNext(); ) {
            Map<String, Object> pod = i.next();
            if (name(pod).equals(podName)) {
                store.delete(podPath(namespace(pod), podName));
                i.remove();
            }
        }
    }

    /** The template hash a pod was made from: its pod-template-hash or controller-revision-hash label. */
    static String podHash(Map<String, Object> pod) {
        Map<String, Object> labels = map(KubeObjects.at(pod, "metadata", "labels"));
        Object h = labels.getOrDefault("pod-template-hash", labels.get("controller-revision-hash"));
        String s = h == null ? "" : String.valueOf(h);
        return s.substring(s.lastIndexOf('-') + 1);
    }
}
