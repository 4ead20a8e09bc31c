package io.digitctl.kube;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.digitctl.kube.MockObjects.byOwner;
import static io.digitctl.kube.MockObjects.condition;
import static io.digitctl.kube.MockObjects.isTrue;
import static io.digitctl.kube.MockObjects.name;
import static io.digitctl.kube.MockObjects.namespace;
import static io.digitctl.kube.MockObjects.uid;

/**
 * The controllers of a fresh cluster, in one loop: CRDs become established; Deployments (through
 * ReplicaSets), StatefulSets and DaemonSets get one pod per replica after the rollout time, pods of an
 * older template go away, and the workload's status counts the pods the kubelet ({@link MockPods})
 * lets start; Jobs run one pod to completion or to BackoffLimitExceeded, and the admission Jobs of
 * ingress-nginx (kube-webhook-certgen) create their certificate Secret and patch their webhook.
 * One list per kind per round; every object change goes through {@link MockStore}. The controllers
 * themselves are {@link MockWorkloads}, {@link MockJobs} (with {@link MockCertgen}) and the CRD one here.
 */
final class MockController {
    private final MockStore store;
    private final Discovery discovery;
    private final MockDelays delays = new MockDelays();
    private final MockCluster settings;
    private final MockWorkloads workloadControllers;
    private final MockJobs jobControllers;

    MockController(MockStore store, Discovery discovery, MockPods kubelet, MockCluster settings) {
        this.store = store;
        this.discovery = discovery;
        this.settings = settings;
        MockPodWriter pods = new MockPodWriter(store);
        this.workloadControllers = new MockWorkloads(store, kubelet, pods, delays, settings);
        this.jobControllers = new MockJobs(store, kubelet, pods, delays, settings);
    }

    /** One round over every kind the controllers watch. */
    void tick() {
        customResourceDefinitions();
        List<Map<String, Object>> pods = store.list("/api/v1/pods");
        List<Map<String, Object>> replicaSets = store.list("/apis/apps/v1/replicasets");
        Map<String, List<Map<String, Object>>> podsByOwner = byOwner(pods);
        Map<String, List<Map<String, Object>>> replicaSetsByOwner = byOwner(replicaSets);
        Map<String, List<Map<String, Object>>> workloads = new LinkedHashMap<>();
        for (String kind : List.of("deployments", "statefulsets", "daemonsets")) {
            workloads.put(kind, store.list("/apis/apps/v1/" + kind));
        }
        List<Map<String, Object>> jobs = store.list("/apis/batch/v1/jobs");
        workloads.forEach((kind, list) -> list.forEach(w -> workloadControllers.workload(kind, w, podsByOwner, replicaSetsByOwner)));
        jobs.forEach(job -> jobControllers.job(job, podsByOwner));

        Set<String> owners = new HashSet<>();
        workloads.values().forEach(list -> list.forEach(w -> owners.add(uid(w))));
        jobs.forEach(j -> owners.add(uid(j)));
        replicaSets.forEach(rs -> owners.add(uid(rs)));
        collectGarbage(replicaSets, owners, "/apis/apps/v1/namespaces/%s/replicasets/%s");
        collectGarbage(pods, owners, "/api/v1/namespaces/%s/pods/%s");
    }

    /** As the garbage collector does: objects whose controlling owner is gone go too. */
    private void collectGarbage(List<Map<String, Object>> objects, Set<String> owners, String pathFormat) {
        for (Map<String, Object> o : objects) {
            List<Map<String, Object>> refs = KubeObjects.list(o, "metadata", "ownerReferences");
            boolean ours = refs.stream().anyMatch(r -> Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job").contains(String.valueOf(r.get("kind"))));
            if (ours && refs.stream().noneMatch(r -> owners.contains(String.valueOf(r.get("uid"))))) {
                store.delete(pathFormat.formatted(namespace(o), name(o)));
            }
        }
    }

    // ---- CRDs ----

    private void customResourceDefinitions() {
        Set<String> established = new HashSet<>();
        for (Map<String, Object> crd : store.list("/apis/apiextensions.k8s.io/v1/customresourcedefinitions")) {
            String name = String.valueOf(KubeObjects.at(crd, "metadata", "name"));
            if (isTrue(crd, "Established")) {
                established.add(name);
                discovery.establish(crd);
                continue;
            }
            if (!delays.due("crd/" + uid(crd), settings.crdEstablishMillis())) {
                continue;
            }
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("conditions", List.of(
                    condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                    condition("Established", "InitialNamesAccepted", "the initial names have been accepted")));
            status.put("acceptedNames", KubeObjects.at(crd, "spec", "names"));
            status.put("storedVersions", KubeObjects.list(crd, "spec", "versions").stream()
                    .filter(v -> Boolean.TRUE.equals(v.get("storage"))).map(v -> v.get("name")).toList());
            crd.put("status", status);
            store.updateStatus("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + name, crd);
            established.add(name);
            discovery.establish(crd);
        }
        discovery.retainOnly(established);
    }
}
