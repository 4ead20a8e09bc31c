package io.digitctl.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controllers of a fresh cluster, in one loop: CRDs become established; Deployments (through
 * ReplicaSets), StatefulSets and DaemonSets get one pod per replica after the rollout time, pods of an
 * older template go away, and the workload's status counts the pods the kubelet ({@link MockPods})
 * lets start; Jobs run one pod to completion or to BackoffLimitExceeded, and the admission Jobs of
 * ingress-nginx (kube-webhook-certgen) create their certificate Secret and patch their webhook.
 * One list per kind per round; every object change goes through {@link MockStore}.
 */
final class MockController {
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";
    private static final Set<String> TIME_KEYS = Set.of("startedAt", "finishedAt", "lastTransitionTime", "lastUpdateTime",
            "startTime", "completionTime", "lastProbeTime");

    private final MockStore store;
    private final Discovery discovery;
    private final MockPods kubelet;
    private final MockCluster settings;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Set<String> events = ConcurrentHashMap.newKeySet();

    MockController(MockStore store, Discovery discovery, MockPods kubelet, MockCluster settings) {
        this.store = store;
        this.discovery = discovery;
        this.kubelet = kubelet;
        this.settings = settings;
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
        workloads.forEach((kind, list) -> list.forEach(w -> workload(kind, w, podsByOwner, replicaSetsByOwner)));
        jobs.forEach(job -> job(job, podsByOwner));

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
            if (!due("crd/" + uid(crd), settings.crdEstablishMillis())) {
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

    private static Map<String, Object> condition(String type, String reason, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", "True");
        c.put("lastTransitionTime", MockPods.now());
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }

    // ---- Deployments, StatefulSets, DaemonSets ----

    private void workload(String kind, Map<String, Object> w, Map<String, List<Map<String, Object>>> podsByOwner,
                          Map<String, List<Map<String, Object>>> replicaSetsByOwner) {
        String namespace = namespace(w);
        String name = name(w);
        long generation = KubeObjects.number(w, "metadata", "generation");
        if (!due(kind + "/" + uid(w) + "@" + generation, settings.rolloutMillis())) {
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
            Map<String, Object> pod = findPod(existing, podName, hash);
            if (pod == null) {
                removeStale(existing, podName);
                pod = createPod(namespace, podName, template, labels, ownerKind, ownerName, owner, start);
            } else {
                setPodStatus(pod, start);
            }
            recordMountFailures(pod, start);
            keep.add(podName);
            ready += start.ready() ? 1 : 0;
        }
        for (Map<String, Object> pod : existing) {
            if (!keep.contains(name(pod)) || !hash.equals(podHash(pod))) {
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
                status.put("conditions", List.of(
                        Map.of("type", "Available", "status", ready == desired ? "True" : "False",
                                "reason", ready == desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable"),
                        Map.of("type", "Progressing", "status", "True",
                                "reason", ready == desired ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                                "message", "ReplicaSet \"" + name + "-" + hash + "\" " + (ready == desired ? "has successfully progressed." : "is progressing."))));
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
    private Map<String, Object> replicaSet(Map<String, Object> deployment, String rsName, String hash, long desired,
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

    // ---- Jobs ----

    private void job(Map<String, Object> job, Map<String, List<Map<String, Object>>> podsByOwner) {
        if (isTrue(job, "Complete") || isTrue(job, "Failed")) {
            return;
        }
        if (!due("jobs/" + uid(job), settings.rolloutMillis())) {
            return;
        }
        String namespace = namespace(job);
        String name = name(job);
        Map<String, Object> template = map(KubeObjects.at(job, "spec", "template"));
        List<Map<String, Object>> pods = podsByOwner.getOrDefault(uid(job), List.of());
        Map<String, Object> pod = pods.isEmpty() ? null : pods.get(0);
        MockPods.Start start = kubelet.evaluate(map(template.get("spec")), namespace);
        String failure = null;
        if (start.ready()) {
            String image = String.valueOf(firstContainer(template).get("image"));
            failure = settings.failingJobImages().stream().anyMatch(image::contains) ? "the image is marked to fail" : certgen(job, template);
        }
        Map<String, Object> podStatus = start.ready() ? finished(start.status(), template, failure == null) : start.status();
        if (pod == null) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("batch.kubernetes.io/controller-uid", uid(job));
            labels.put("batch.kubernetes.io/job-name", name);
            labels.put("controller-uid", uid(job));
            labels.put("job-name", name);
            pod = createPod(namespace, name + "-" + hash(name + uid(job), 5), template, labels, "Job", name, uid(job),
                    new MockPods.Start(start.ready(), podStatus, start.mountFailures()));
        } else {
            setPodStatus(pod, new MockPods.Start(start.ready(), podStatus, start.mountFailures()));
        }
        recordMountFailures(pod, start);
        Map<String, Object> status = new LinkedHashMap<>(map(job.get("status")));
        status.putIfAbsent("startTime", MockPods.now());
        if (!start.ready()) {
            status.put("active", 1);
            status.put("ready", 0);
        } else if (failure == null) {
            status.remove("active");
            status.put("ready", 0);
            status.put("succeeded", 1);
            status.put("completionTime", MockPods.now());
            status.put("conditions", List.of(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"),
                    condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods")));
        } else {
            long backoffLimit = KubeObjects.at(job, "spec", "backoffLimit") == null ? 6 : KubeObjects.number(job, "spec", "backoffLimit");
            status.remove("active");
            status.put("ready", 0);
            status.put("failed", backoffLimit + 1);
            status.put("conditions", List.of(condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                    condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")));
        }
        if (!Objects.equals(essence(job.get("status")), essence(status))) {
            job.put("status", status);
            store.updateStatus("/apis/batch/v1/namespaces/" + namespace + "/jobs/" + name, job);
        }
    }

    /** The pod status of a container that ran to its end: exit code 0 (Completed) or 1 (Error). */
    private static Map<String, Object> finished(Map<String, Object> running, Map<String, Object> template, boolean succeeded) {
        Map<String, Object> s = new LinkedHashMap<>(running);
        s.put("phase", succeeded ? "Succeeded" : "Failed");
        List<Object> statuses = new ArrayList<>();
        for (Map<String, Object> c : KubeObjects.list(template, "spec", "containers")) {
            Map<String, Object> cs = new LinkedHashMap<>();
            cs.put("name", c.get("name"));
            cs.put("image", c.get("image"));
            cs.put("ready", false);
            cs.put("restartCount", 0);
            cs.put("started", false);
            cs.put("state", Map.of("terminated", Map.of("exitCode", succeeded ? 0 : 1, "reason", succeeded ? "Completed" : "Error",
                    "startedAt", MockPods.now(), "finishedAt", MockPods.now())));
            statuses.add(cs);
        }
        s.put("containerStatuses", statuses);
        s.put("conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", "PodCompleted")));
        return s;
    }

    /**
     * What kube-webhook-certgen does when its Job runs: {@code create} stores the certificate Secret,
     * {@code patch} puts its CA into the webhook configuration. Null on success, else why the Job fails.
     */
    private String certgen(Map<String, Object> job, Map<String, Object> template) {
        Map<String, Object> container = firstContainer(template);
        if (!String.valueOf(container.get("image")).contains("kube-webhook-certgen")) {
            return null;
        }
        List<String> args = new ArrayList<>();
        for (String field : List.of("command", "args")) {
            Object v = container.get(field);
            if (v instanceof List<?> list) {
                list.forEach(a -> args.add(expand(String.valueOf(a), container, job)));
            }
        }
        Map<String, String> flags = flags(args);
        String secretName = flags.get("secret-name");
        String namespace = flags.getOrDefault("namespace", namespace(job));
        String secretPath = "/api/v1/namespaces/" + namespace + "/secrets/" + secretName;
        if (args.contains("create") && secretName != null) {
            if (store.get(secretPath) == null) {
                Map<String, Object> data = new LinkedHashMap<>();
                for (String key : List.of("ca", "cert", "key")) {
                    data.put(key, Base64.getEncoder().encodeToString(("mock " + key + " of " + secretName).getBytes(StandardCharsets.UTF_8)));
                }
                store.create("/api/v1/namespaces/" + namespace + "/secrets",
                        Map.of("apiVersion", "v1", "kind", "Secret", "type", "Opaque", "metadata", Map.of("name", secretName, "namespace", namespace), "data", data));
            }
            return null;
        }
        if (args.contains("patch") && secretName != null) {
            Map<String, Object> secret = store.get(secretPath);
            if (secret == null) {
                return "secret " + secretName + " not found";
            }
            String ca = String.valueOf(KubeObjects.at(secret, "data", "ca"));
            String webhook = flags.get("webhook-name");
            List<String> kinds = new ArrayList<>();
            if (!"false".equals(flags.getOrDefault("patch-validating", "true"))) {
                kinds.add("validatingwebhookconfigurations");
            }
            if (!"false".equals(flags.getOrDefault("patch-mutating", "true"))) {
                kinds.add("mutatingwebhookconfigurations");
            }
            boolean patched = false;
            for (String kind : kinds) {
                String path = "/apis/admissionregistration.k8s.io/v1/" + kind + "/" + webhook;
                Map<String, Object> config = store.get(path);
                if (config == null) {
                    continue;
                }
                List<Object> webhooks = new ArrayList<>();
                for (Map<String, Object> w : KubeObjects.list(config, "webhooks")) {
                    Map<String, Object> copy = KubeObjects.copy(w);
                    Map<String, Object> client = new LinkedHashMap<>(map(copy.get("clientConfig")));
                    client.put("caBundle", ca);
                    copy.put("clientConfig", client);
                    if (flags.containsKey("patch-failure-policy") && !flags.get("patch-failure-policy").isEmpty()) {
                        copy.put("failurePolicy", flags.get("patch-failure-policy"));
                    }
                    webhooks.add(copy);
                }
                config.put("webhooks", webhooks);
                store.update(path, config);
                patched = true;
            }
            return patched ? null : "webhook configuration " + webhook + " not found";
        }
        return null;
    }

    /** {@code --key=value} and {@code --key value}. */
    private static Map<String, String> flags(List<String> args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                continue;
            }
            String body = a.substring(2);
            if (body.contains("=")) {
                flags.put(body.substring(0, body.indexOf('=')), body.substring(body.indexOf('=') + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                flags.put(body, args.get(++i));
            } else {
                flags.put(body, "true");
            }
        }
        return flags;
    }

    /** $(VAR) from the container's env: plain values and the pod's own namespace and name. */
    private static String expand(String arg, Map<String, Object> container, Map<String, Object> job) {
        String out = arg;
        for (Map<String, Object> env : KubeObjects.list(container, "env")) {
            String token = "$(" + env.get("name") + ")";
            if (!out.contains(token)) {
                continue;
            }
            Object fieldPath = KubeObjects.at(env, "valueFrom", "fieldRef", "fieldPath");
            String value = env.get("value") != null ? String.valueOf(env.get("value"))
                    : "metadata.namespace".equals(fieldPath) ? namespace(job)
                    : "metadata.name".equals(fieldPath) ? name(job) : null;
            if (value != null) {
                out = out.replace(token, value);
            }
        }
        return out;
    }

    // ---- pods ----

    private Map<String, Object> createPod(String namespace, String podName, Map<String, Object> template, Map<String, String> extraLabels,
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

    private void setPodStatus(Map<String, Object> pod, MockPods.Start start) {
        if (Objects.equals(essence(pod.get("status")), essence(start.status()))) {
            return;
        }
        pod.put("status", start.status());
        store.updateStatus(podPath(namespace(pod), name(pod)), pod);
    }

    /** A Warning FailedMount Event per pod and volume, as the kubelet records it. */
    private void recordMountFailures(Map<String, Object> pod, MockPods.Start start) {
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

    private static Map<String, Object> findPod(List<Map<String, Object>> pods, String podName, String hash) {
        for (Map<String, Object> pod : pods) {
            if (name(pod).equals(podName) && hash.equals(podHash(pod))) {
                return pod;
            }
        }
        return null;
    }

    /** A pod of the same name but an older template (a StatefulSet's) goes before its successor comes. */
    private void removeStale(List<Map<String, Object>> pods, String podName) {
        for (java.util.Iterator<Map<String, Object>> i = pods.iterator(); i.hasNext(); ) {
            Map<String, Object> pod = i.next();
            if (name(pod).equals(podName)) {
                store.delete(podPath(namespace(pod), podName));
                i.remove();
            }
        }
    }

    /** The template hash a pod was made from: its pod-template-hash or controller-revision-hash label. */
    private static String podHash(Map<String, Object> pod) {
        Map<String, Object> labels = map(KubeObjects.at(pod, "metadata", "labels"));
        Object h = labels.getOrDefault("pod-template-hash", labels.get("controller-revision-hash"));
        String s = h == null ? "" : String.valueOf(h);
        return s.substring(s.lastIndexOf('-') + 1);
    }

    // ---- helpers ----

    private boolean due(String key, long delayMillis) {
        long seen = firstSeen.computeIfAbsent(key, k -> System.currentTimeMillis());
        return System.currentTimeMillis() - seen >= delayMillis;
    }

    private static Map<String, List<Map<String, Object>>> byOwner(List<Map<String, Object>> objects) {
        Map<String, List<Map<String, Object>>> out = new HashMap<>();
        for (Map<String, Object> o : objects) {
            for (Map<String, Object> ref : KubeObjects.list(o, "metadata", "ownerReferences")) {
                out.computeIfAbsent(String.valueOf(ref.get("uid")), k -> new ArrayList<>()).add(o);
            }
        }
        return out;
    }

    private static boolean isTrue(Map<String, Object> object, String type) {
        return KubeObjects.list(object, "status", "conditions").stream().anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
    }

    private static Map<String, Object> metadata(String name, String namespace, Map<String, ?> labels, Map<String, Object> owner) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("name", name);
        md.put("namespace", namespace);
        md.put("labels", labels);
        md.put("ownerReferences", List.of(owner));
        return md;
    }

    private static Map<String, Object> owner(String apiVersion, String kind, Map<String, Object> object) {
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("apiVersion", apiVersion);
        owner.put("kind", kind);
        owner.put("name", name(object));
        owner.put("uid", uid(object));
        owner.put("controller", true);
        owner.put("blockOwnerDeletion", true);
        return owner;
    }

    private static Map<String, Object> firstContainer(Map<String, Object> template) {
        List<Map<String, Object>> containers = KubeObjects.list(template, "spec", "containers");
        return containers.isEmpty() ? Map.of() : containers.get(0);
    }

    /** A status without its timestamps, to tell a real change from the passing of time. */
    @SuppressWarnings("unchecked")
    private static Object essence(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> {
                if (!TIME_KEYS.contains(k)) {
                    out.put(k, essence(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(MockController::essence).toList();
        }
        return value instanceof Number n ? (Object) n.longValue() : value;
    }

    /** A short name-safe hash, as Kubernetes names pods and ReplicaSets. */
    static String hash(Object value, int length) {
        String text;
        try {
            text = value instanceof String s ? s : CANONICAL.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long h = 1125899906842597L;
        for (int i = 0; i < text.length(); i++) {
            h = 31 * h + text.charAt(i);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(SAFE.charAt((int) Math.floorMod(h, (long) SAFE.length())));
            h = h / SAFE.length() + (h % 7919) * 104729;
        }
        return out.toString();
    }

    private static String podPath(String namespace, String name) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + name;
    }

    private static String namespace(Map<String, Object> o) {
        return String.valueOf(KubeObjects.at(o, "metadata", "namespace"));
    }

    private static String name(Map<String, Object> o) {
        return String.valueOf(KubeObjects.at(o, "metadata", "name"));
    }

    private static String uid(Map<String, Object> o) {
        return String.valueOf(KubeObjects.at(o, "metadata", "uid"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }
}
