package io.digitctl.kube;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.digitctl.kube.MockObjects.*;

/**
 * The Deployment (through ReplicaSets), StatefulSet and DaemonSet controllers: after the rollout time
 * one pod per replica (one for a DaemonSet, on the one node) from the current template, pods of an
 * older template removed, and the workload's status counting the pods the kubelet lets start.
 */
final class MockWorkloads {
    private final MockStore store;
    private final MockPods kubelet;
    private final MockPodWriter pods;
    private final MockDelays delays;
    private final MockCluster settings;

    MockWorkloads(MockStore store, MockPods kubelet, MockPodWriter pods, MockDelays delays, MockCluster settings) {
        this.store = store;
        this.kubelet = kubelet;
        this.pods = pods;
        this.delays = delays;
        this.settings = settings;
    }

    void workload(String kind, Map<String, Object> w, Map<String, List<Map<String, Object>>> podsByOwner,
                          Map<String, List<Map<String, Object>>> replicaSetsByOwner) {
        String namespace = namespace(w);
        String name = name(w);
        long generation = KubeObjects.number(w, "metadata", "generation");
        String rollout = kind + "/" + uid(w) + "@" + generation;
        if (!delays.due(rollout, settings.rolloutMillis())) {
            return;
        }
        long desired = kind.equals("daemonsets") ? 1 : KubeObjects.at(w, "spec", "replicas") == null ? 1 : KubeObjects.number(w, "spec", "replicas");
        Map<String, Object> template = map(KubeObjects.at(w, "spec", "template"));
        String hash = hash(template, 10);
        String owner = uid(w);
        Map<String, String> extraLabels = new LinkedHashMap<>();
        List<String> podNames = new ArrayList<>();
        String ownerKind = switch (kind) {
            case "deployments" -> "ReplicaSet";
            case "statefulsets" -> "StatefulSet";
            default -> "DaemonSet";
        };
        String ownerName = name;
        List<Map<String, Object>> existing = new ArrayList<>();
        if (kind.equals("deployments")) {
            extraLabels.put("pod-template-hash", hash);
            ownerName = name + "-" + hash;
            List<Map<String, Object>> owned = replicaSetsByOwner.getOrDefault(owner, List.of());
            for (Map<String, Object> any : owned) {
                existing.addAll(podsByOwner.getOrDefault(uid(any), List.of()));
            }
            owner = uid(replicaSet(w, ownerName, hash, desired, owned));
            for (int i = 0; i < desired; i++) {
                podNames.add(ownerName + "-" + hash(ownerName + i, 5));
            }
        } else if (kind.equals("statefulsets")) {
            existing.addAll(podsByOwner.getOrDefault(owner, List.of()));
            extraLabels.put("controller-revision-hash", name + "-" + hash);
            for (int i = 0; i < desired; i++) {
                podNames.add(name + "-" + i);
            }
        } else {
            existing.addAll(podsByOwner.getOrDefault(owner, List.of()));
            extraLabels.put("controller-revision-hash", hash);
            extraLabels.put("pod-template-generation", String.valueOf(generation));
            podNames.add(name + "-" + hash(name + hash, 5));
        }
        MockPods.Start start = kubelet.evaluate(map(template.get("spec")), namespace);
        long ready = 0;
        Set<String> keep = new HashSet<>();
        for (String podName : podNames) {
            Map<String, String> labels = new LinkedHashMap<>(extraLabels);
            if (kind.equals("statefulsets")) {
                labels.put("statefulset.kubernetes.io/pod-name", podName);
            }
            Map<String, Object> pod = MockPodWriter.findPod(existing, podName, hash);
            if (pod == null) {
                pods.removeStale(existing, podName);
                pod = pods.createPod(namespace, podName, template, labels, ownerKind, ownerName, owner, start);
                if (pod == null) {
                    continue;
                }
            } else {
                pods.setPodStatus(pod, start);
            }
            pods.recordMountFailures(pod, start);
            keep.add(podName);
            ready += start.ready() ? 1 : 0;
        }
        for (Map<String, Object> pod : existing) {
            if (!keep.contains(name(pod)) || !hash.equals(MockPodWriter.podHash(pod))) {
                store.delete(podPath(namespace, name(pod)));
            }
        }
        Map<String, Object> status = new LinkedHashMap<>(map(w.get("status")));
        status.put("observedGeneration", generation);
        switch (kind) {
            case "deployments" -> {
                status.put("replicas", desired);
                status.put("updatedReplicas", desired);
                status.put("readyReplicas", ready);
                status.put("availableReplicas", ready);
                if (ready < desired) {
                    status.put("unavailableReplicas", desired - ready);
                } else {
                    status.remove("unavailableReplicas");
                }
                long deadline = KubeObjects.at(w, "spec", "progressDeadlineSeconds") == null ? 600
                        : KubeObjects.number(w, "spec", "progressDeadlineSeconds");
                boolean stalled = ready < desired && delays.elapsed(rollout) > deadline * 1000 + settings.rolloutMillis();
                String rs = "ReplicaSet \"" + name + "-" + hash + "\" ";
                status.put("conditions", List.of(
                        Map.of("type", "Available", "status", ready == desired ? "True" : "False",
                                "reason", ready == desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable"),
                        Map.of("type", "Progressing", "status", stalled ? "False" : "True",
                                "reason", stalled ? "ProgressDeadlineExceeded" : ready == desired ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                                "message", rs + (stalled ? "has timed out progressing." : ready == desired ? "has successfully progressed." : "is progressing."))));
            }
            case "statefulsets" -> {
                String revision = name + "-" + hash;
                status.put("replicas", desired);
                status.put("readyReplicas", ready);
                status.put("availableReplicas", ready);
                status.put("currentReplicas", ready == desired ? desired : KubeObjects.number(status, "currentReplicas"));
                status.put("updatedReplicas", desired);
                status.put("updateRevision", revision);
                Object current = status.get("currentRevision");
                status.put("currentRevision", ready == desired || current == null ? revision : current);
                status.put("collisionCount", 0);
            }
            default -> {
                status.put("desiredNumberScheduled", 1);
                status.put("currentNumberScheduled", 1);
                status.put("updatedNumberScheduled", 1);
                status.put("numberMisscheduled", 0);
                status.put("numberReady", ready);
                status.put("numberAvailable", ready);
                if (ready < 1) {
                    status.put("numberUnavailable", 1);
                } else {
                    status.remove("numberUnavailable");
                }
            }
        }
        if (!Objects.equals(essence(w.get("status")), essence(status))) {
            w.put("status", status);
            store.updateStatus(ApiPath.collection("apps/v1", namespace, kind) + "/" + name, w);
        }
    }

    /** The ReplicaSet of the Deployment's current template (created when missing); older ones scaled to 0. */
    Map<String, Object> replicaSet(Map<String, Object> deployment, String rsName, String hash, long desired,
                                           List<Map<String, Object>> owned) {
        String namespace = namespace(deployment);
        String collection = "/apis/apps/v1/namespaces/" + namespace + "/replicasets";
        Map<String, Object> current = null;
        for (Map<String, Object> rs : owned) {
            if (name(rs).equals(rsName)) {
                current = rs;
            } else if (KubeObjects.number(rs, "spec", "replicas") != 0) {
                Map<String, Object> spec = new LinkedHashMap<>(map(rs.get("spec")));
                spec.put("replicas", 0);
                rs.put("spec", spec);
                store.update(collection + "/" + name(rs), rs);
            }
        }
        if (current == null) {
            Map<String, Object> template = KubeObjects.copy(map(KubeObjects.at(deployment, "spec", "template")));
            Map<String, Object> tmd = map(template.get("metadata"));
            Map<String, Object> labels = new LinkedHashMap<>(map(tmd.get("labels")));
            labels.put("pod-template-hash", hash);
            tmd = new LinkedHashMap<>(tmd);
            tmd.put("labels", labels);
            template.put("metadata", tmd);
            Map<String, Object> selector = new LinkedHashMap<>(map(KubeObjects.at(deployment, "spec", "selector")));
            Map<String, Object> match = new LinkedHashMap<>(map(selector.get("matchLabels")));
            match.put("pod-template-hash", hash);
            selector.put("matchLabels", match);
            Map<String, Object> rs = new LinkedHashMap<>();
            rs.put("apiVersion", "apps/v1");
            rs.put("kind", "ReplicaSet");
            rs.put("metadata", metadata(rsName, namespace, labels, owner("apps/v1", "Deployment", deployment)));
            rs.put("spec", Map.of("replicas", desired, "selector", selector, "template", template));
            store.create(collection, rs);
            current = store.get(collection + "/" + rsName);
        } else if (KubeObjects.number(current, "spec", "replicas") != desired) {
            Map<String, Object> spec = new LinkedHashMap<>(map(current.get("spec")));
            spec.put("replicas", desired);
            current.put("spec", spec);
            store.update(collection + "/" + rsName, current);
        }
        return current == null ? Map.of() : current;
    }
}
