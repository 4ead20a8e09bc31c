package io.digitctl.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a kubelet makes of a pod spec: its volumes must mount (Secrets and ConfigMaps must exist), its
 * images must pull, its env references must resolve, its init containers must succeed; only then do
 * its containers run and the pod become Ready.
 */
final class MockPods {
    /** A pod's status as the kubelet would report it, and the mount failures it would record as Events. */
    record Start(boolean ready, Map<String, Object> status, List<MountFailure> mountFailures) {
    }

    record MountFailure(String volume, String message) {
    }

    private final MockStore store;
    private final Set<String> failingImages;
    private final Set<String> failingInitImages;

    MockPods(MockStore store, Set<String> failingImages, Set<String> failingInitImages) {
        this.store = store;
        this.failingImages = failingImages;
        this.failingInitImages = failingInitImages;
    }

    static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey()))));
    }

    static boolean isReady(Map<String, Object> pod) {
        return KubeObjects.list(pod, "status", "conditions").stream().anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
    }

    boolean imageFails(String image) {
        return image != null && failingImages.stream().anyMatch(image::contains);
    }

    Start evaluate(Map<String, Object> podSpec, String namespace) {
        List<Map<String, Object>> inits = KubeObjects.list(podSpec, "initContainers");
        List<Map<String, Object>> containers = KubeObjects.list(podSpec, "containers");
        List<MountFailure> mounts = mountFailures(podSpec, namespace);
        List<Object> initStatuses = new ArrayList<>();
        List<Object> statuses = new ArrayList<>();
        if (!mounts.isEmpty()) {
            inits.forEach(c -> initStatuses.add(waiting(c, "PodInitializing", null, 0)));
            containers.forEach(c -> statuses.add(waiting(c, inits.isEmpty() ? "ContainerCreating" : "PodInitializing", null, 0)));
            return new Start(false, status("Pending", false, false, initStatuses, statuses), mounts);
        }
        boolean initialized = true;
        for (Map<String, Object> c : inits) {
            if (!initialized) {
                initStatuses.add(waiting(c, "PodInitializing", null, 0));
                continue;
            }
            Map<String, Object> problem = containerProblem(c, namespace);
            String image = String.valueOf(c.get("image"));
            if (problem != null) {
                initStatuses.add(problem);
                initialized = false;
            } else if (failingInitImages.stream().anyMatch(image::contains)) {
                Map<String, Object> s = waiting(c, "CrashLoopBackOff", "back-off 5m0s restarting failed container=" + c.get("name"), 5);
                s.put("lastState", Map.of("terminated", Map.of("exitCode", 1, "reason", "Error", "startedAt", now(), "finishedAt", now())));
                initStatuses.add(s);
                initialized = false;
            } else {
                Map<String, Object> s = base(c, false, 0);
                s.put("state", Map.of("terminated", Map.of("exitCode", 0, "reason", "Completed", "startedAt", now(), "finishedAt", now())));
                initStatuses.add(s);
            }
        }
        if (!initialized) {
            containers.forEach(c -> statuses.add(waiting(c, "PodInitializing", null, 0)));
            return new Start(false, status("Pending", false, false, initStatuses, statuses), List.of());
        }
        boolean allRunning = true;
        for (Map<String, Object> c : containers) {
            Map<String, Object> problem = containerProblem(c, namespace);
            if (problem != null) {
                statuses.add(problem);
                allRunning = false;
            } else {
                Map<String, Object> s = base(c, true, 0);
                s.put("started", true);
                s.put("state", Map.of("running", Map.of("startedAt", now())));
                statuses.add(s);
            }
        }
        return new Start(allRunning, status(allRunning ? "Running" : "Pending", true, allRunning, initStatuses, statuses), List.of());
    }

    /** ImagePullBackOff or CreateContainerConfigError for this container, or null when it can start. */
    private Map<String, Object> containerProblem(Map<String, Object> c, String namespace) {
        String image = String.valueOf(c.get("image"));
        if (imageFails(image)) {
            return waiting(c, "ImagePullBackOff", "Back-off pulling image \"" + image + "\"", 0);
        }
        String config = configError(c, namespace);
        return config == null ? null : waiting(c, "CreateContainerConfigError", config, 0);
    }

    private String configError(Map<String, Object> c, String namespace) {
        for (Map<String, Object> env : KubeObjects.list(c, "env")) {
            for (String ref : List.of("secretKeyRef", "configMapKeyRef")) {
                Map<String, Object> r = MockAdmission.map(KubeObjects.at(env, "valueFrom", ref));
                if (!r.isEmpty() && !Boolean.TRUE.equals(r.get("optional"))) {
                    boolean secret = ref.equals("secretKeyRef");
                    String name = String.valueOf(r.get("name"));
                    Map<String, Object> source = source(secret, namespace, name);
                    if (source == null) {
                        return (secret ? "secret" : "configmap") + " \"" + name + "\" not found";
                    }
                    String key = String.valueOf(r.get("key"));
                    if (!keys(source).contains(key)) {
                        return "couldn't find key " + key + " in " + (secret ? "Secret " : "ConfigMap ") + namespace + "/" + name;
                    }
                }
            }
        }
        for (Map<String, Object> from : KubeObjects.list(c, "envFrom")) {
            for (String ref : List.of("secretRef", "configMapRef")) {
                Map<String, Object> r = MockAdmission.map(from.get(ref));
                if (!r.isEmpty() && !Boolean.TRUE.equals(r.get("optional"))) {
                    boolean secret = ref.equals("secretRef");
                    String name = String.valueOf(r.get("name"));
                    if (source(secret, namespace, name) == null) {
                        return (secret ? "secret" : "configmap") + " \"" + name + "\" not found";
                    }
                }
            }
        }
        return null;
    }

    private List<MountFailure> mountFailures(Map<String, Object> podSpec, String namespace) {
        List<MountFailure> out = new ArrayList<>();
        for (Map<String, Object> v : KubeObjects.list(podSpec, "volumes")) {
            String volume = String.valueOf(v.get("name"));
            List<Map<String, Object>> refs = new ArrayList<>();
            refs.add(ref(true, v.get("secret"), "secretName"));
            refs.add(ref(false, v.get("configMap"), "name"));
            for (Map<String, Object> s : KubeObjects.list(v, "projected", "sources")) {
                refs.add(ref(true, s.get("secret"), "name"));
                refs.add(ref(false, s.get("configMap"), "name"));
            }
            for (Map<String, Object> r : refs) {
                if (r != null) {
                    boolean secret = (boolean) r.get("secret");
                    String name = String.valueOf(r.get("name"));
                    if (source(secret, namespace, name) == null) {
                        out.add(new MountFailure(volume, "MountVolume.SetUp failed for volume \"" + volume + "\" : "
                                + (secret ? "secret" : "configmap") + " \"" + name + "\" not found"));
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Object> ref(boolean secret, Object source, String nameField) {
        if (!(source instanceof Map<?, ?> m) || Boolean.TRUE.equals(m.get("optional")) || m.get(nameField) == null) {
            return null;
        }
        return Map.of("secret", secret, "name", m.get(nameField));
    }

    private Map<String, Object> source(boolean secret, String namespace, String name) {
        return store.get("/api/v1/namespaces/" + namespace + (secret ? "/secrets/" : "/configmaps/") + name);
    }

    private static Set<String> keys(Map<String, Object> source) {
        Set<String> keys = new java.util.HashSet<>();
        for (String field : List.of("data", "stringData", "binaryData")) {
            keys.addAll(MockAdmission.map(source.get(field)).keySet());
        }
        return keys;
    }

    private static Map<String, Object> base(Map<String, Object> c, boolean ready, int restarts) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", c.get("name"));
        s.put("image", c.get("image"));
        s.put("ready", ready);
        s.put("restartCount", restarts);
        return s;
    }

    private static Map<String, Object> waiting(Map<String, Object> c, String reason, String message, int restarts) {
        Map<String, Object> s = base(c, false, restarts);
        s.put("started", false);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("reason", reason);
        if (message != null) {
            w.put("message", message);
        }
        s.put("state", Map.of("waiting", w));
        return s;
    }

    private static Map<String, Object> status(String phase, boolean initialized, boolean ready, List<Object> inits, List<Object> containers) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("phase", phase);
        s.put("conditions", List.of(condition("PodScheduled", true), condition("Initialized", initialized),
                condition("ContainersReady", ready), condition("Ready", ready)));
        if (!inits.isEmpty()) {
            s.put("initContainerStatuses", inits);
        }
        s.put("containerStatuses", containers);
        s.put("hostIP", "10.0.0.10");
        s.put("qosClass", "BestEffort");
        return s;
    }

    private static Map<String, Object> condition(String type, boolean status) {
        return Map.of("type", type, "status", status ? "True" : "False", "lastTransitionTime", now());
    }

    static String now() {
        return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
