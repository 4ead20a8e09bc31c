package io.digitctl.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode, plus what digitctl needs of a
 * real one. Server-side apply is create-or-replace that keeps status (and bumps
 * {@code metadata.generation} when the spec changes); apply bodies without apiVersion, kind or name,
 * or requests without a field manager, are rejected as a real server does; dry-run stores nothing;
 * discovery documents are served; latency and faults can be injected; and a small controller rolls
 * Deployments and StatefulSets out to ready, or to ImagePullBackOff for images marked as failing.
 */
public final class MockCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLY_PATCH = "application/apply-patch+yaml";

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final KubernetesMockServer server;
    private final Object lock = new Object();
    private final AtomicLong latencyMillis = new AtomicLong();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Set<String> failingImages = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile long rolloutMillis = 100;
    private volatile boolean running = true;
    private final Thread controller;

    /** A failure to answer instead of the real response, for requests that match. */
    private record Fault(Predicate<RecordedRequest> matches, int code, AtomicInteger remaining) {
    }

    public MockCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ClusterDispatcher(), false);
        server.init();
        controller = new Thread(this::controlLoop, "mock-cluster-controller");
        controller.setDaemon(true);
        controller.start();
    }

    // ---- test controls ----

    /** Every response is delayed by this much, without blocking other requests. */
    public MockCluster latency(long millis) {
        latencyMillis.set(millis);
        return this;
    }

    /** How long the controller takes to roll a workload out. */
    public MockCluster rolloutTime(long millis) {
        rolloutMillis = millis;
        return this;
    }

    /** The next {@code times} requests with this method whose path contains {@code pathPart} fail with {@code code}. */
    public MockCluster fail(String method, String pathPart, int code, int times) {
        faults.add(new Fault(r -> r.getMethod().equalsIgnoreCase(method) && r.getPath().contains(pathPart), code, new AtomicInteger(times)));
        return this;
    }

    /** Pods of workloads whose image contains this text go to ImagePullBackOff. */
    public MockCluster failImage(String imagePart) {
        failingImages.add(imagePart);
        return this;
    }

    public int requestCount() {
        return requests.get();
    }

    /** Method and path of every request, in order. */
    public List<String> requestLog() {
        return List.copyOf(log);
    }

    public String url() {
        return server.url("/").toString();
    }

    /** A kubeconfig file whose only context, {@code mock}, points at this cluster. */
    public Path kubeconfig(Path dir) {
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                contexts:
                  - name: mock
                    context:
                      cluster: mock
                      user: tester
                      namespace: default
                current-context: mock
                users:
                  - name: tester
                    user:
                      token: test-token
                """.formatted(url().replaceAll("/$", ""));
        try {
            return Files.writeString(dir.resolve("kubeconfig"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gateway connected as digitctl connects: through a kubeconfig, with quick retries. */
    public Fabric8Gateway gateway() {
        try {
            Path dir = Files.createTempDirectory("mock-cluster");
            return KubeConnector.connect(new KubeConnector.Target(kubeconfig(dir), "mock"), new Retry(5, 20));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored object at an API path such as {@code /apis/apps/v1/namespaces/egov/deployments/egov-user}, or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> stored(String path) {
        synchronized (lock) {
            MockResponse r = crud.handleGet(path);
            return r.code() == 200 ? read(r.getBody().readUtf8()) : null;
        }
    }

    /** Stores an object under a collection path, as another client would create it. */
    public void put(String collectionPath, Map<String, Object> object) {
        synchronized (lock) {
            crud.handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collectionPath, headers(), new Buffer().writeUtf8(write(object))));
        }
    }

    /** Items stored under a collection path such as {@code /apis/apps/v1/deployments}. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> storedList(String path) {
        Map<String, Object> list = stored(path);
        return list == null ? List.of() : (List<Map<String, Object>>) list.getOrDefault("items", List.of());
    }

    @Override
    public void close() {
        running = false;
        controller.interrupt();
        server.destroy();
    }

    // ---- the API ----

    private final class ClusterDispatcher extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.incrementAndGet();
            log.add(request.getMethod() + " " + request.getPath());
            MockResponse response = route(request);
            long latency = latencyMillis.get();
            if (latency > 0) {
                response.setBodyDelay(java.time.Duration.ofMillis(latency));
            }
            return response;
        }
    }

    private MockResponse route(RecordedRequest request) {
        for (Fault f : faults) {
            if (f.matches().test(request) && f.remaining().getAndDecrement() > 0) {
                return status(f.code(), "InternalError", "injected fault");
            }
        }
        String path = request.getPath();
        String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (request.getMethod().equals("GET")) {
            MockResponse discovery = Discovery.answer(plain);
            if (discovery != null) {
                return discovery;
            }
        }
        synchronized (lock) {
            String contentType = Objects.toString(request.getHeader("Content-Type"), "");
            if (request.getMethod().equals("PATCH") && contentType.startsWith(APPLY_PATCH)) {
                return serverSideApply(request, plain, query(path));
            }
            return crud.dispatch(request);
        }
    }

    private MockResponse serverSideApply(RecordedRequest request, String path, Map<String, String> query) {
        if (query.getOrDefault("fieldManager", "").isEmpty()) {
            return status(400, "BadRequest", "PATCH with apply requires a fieldManager parameter");
        }
        Map<String, Object> body;
        try {
            body = read(request.getUtf8Body());
        } catch (RuntimeException e) {
            return status(400, "BadRequest", "the apply body is not valid JSON or YAML");
        }
        Map<String, Object> metadata = map(body.get("metadata"));
        if (body.get("apiVersion") == null || body.get("kind") == null || metadata.get("name") == null) {
            return status(422, "Invalid", "apply body must set apiVersion, kind and metadata.name");
        }
        if (!path.endsWith("/" + metadata.get("name"))) {
            return status(400, "BadRequest", "the name in the body does not match the name in the URL");
        }
        boolean dryRun = "All".equals(query.get("dryRun"));
        MockResponse current = crud.handleGet(path);
        Map<String, Object> merged = new LinkedHashMap<>(body);
        Map<String, Object> mergedMeta = new LinkedHashMap<>(metadata);
        merged.put("metadata", mergedMeta);
        if (current.code() != 200) {
            mergedMeta.put("generation", 1);
            mergedMeta.put("uid", UUID.randomUUID().toString());
            mergedMeta.put("creationTimestamp", Instant.now().toString());
            if (dryRun) {
                return json(201, merged);
            }
            String collection = path.substring(0, path.lastIndexOf('/'));
            return crud.handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection, headers(), new Buffer().writeUtf8(write(merged))));
        }
        Map<String, Object> existing = read(current.getBody().readUtf8());
        Map<String, Object> existingMeta = map(existing.get("metadata"));
        for (String keep : List.of("uid", "creationTimestamp", "resourceVersion")) {
            if (existingMeta.get(keep) != null) {
                mergedMeta.put(keep, existingMeta.get(keep));
            }
        }
        long generation = existingMeta.get("generation") instanceof Number n ? n.longValue() : 1;
        boolean specChanged = !Objects.equals(existing.get("spec"), body.get("spec"));
        mergedMeta.put("generation", specChanged ? generation + 1 : generation);
        if (existing.get("status") != null) {
            merged.put("status", existing.get("status"));
        }
        if (dryRun) {
            return json(200, merged);
        }
        if (sameObject(existing, merged)) {
            // as on a real server, applying what is already there changes nothing, resourceVersion included
            return json(200, existing);
        }
        MockResponse updated = crud.handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, headers(), new Buffer().writeUtf8(write(merged))));
        if (existing.get("status") != null && updated.code() == 200) {
            // the CRUD server drops status on a main-resource update when status is a subresource
            Map<String, Object> stored = read(crud.handleGet(path).getBody().readUtf8());
            stored.put("status", existing.get("status"));
            return crud.handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path + "/status", headers(), new Buffer().writeUtf8(write(stored))));
        }
        return updated;
    }

    private static boolean sameObject(Map<String, Object> existing, Map<String, Object> merged) {
        Map<String, Object> a = new LinkedHashMap<>(existing);
        Map<String, Object> b = new LinkedHashMap<>(merged);
        Map<String, Object> ma = map(a.get("metadata"));
        Map<String, Object> mb = map(b.get("metadata"));
        for (String server : List.of("resourceVersion", "generation", "uid", "creationTimestamp", "managedFields")) {
            ma.remove(server);
            mb.remove(server);
        }
        a.put("metadata", ma);
        b.put("metadata", mb);
        return read(write(a)).equals(read(write(b)));
    }

    // ---- the controller ----

    private void controlLoop() {
        while (running) {
            try {
                Thread.sleep(20);
                for (String kind : List.of("deployments", "statefulsets")) {
                    for (Map<String, Object> workload : storedList("/apis/apps/v1/" + kind)) {
                        reconcile(kind, workload);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a request racing with the controller; the next round sees a settled state
            }
        }
    }

    private void reconcile(String kind, Map<String, Object> workload) {
        Map<String, Object> metadata = map(workload.get("metadata"));
        String namespace = String.valueOf(metadata.get("namespace"));
        String name = String.valueOf(metadata.get("name"));
        long generation = metadata.get("generation") instanceof Number n ? n.longValue() : 1;
        Map<String, Object> status = map(workload.get("status"));
        long observed = status.get("observedGeneration") instanceof Number n ? n.longValue() : 0;
        long replicas = KubeObjects.number(workload, "spec", "replicas");
        long desired = KubeObjects.at(workload, "spec", "replicas") == null ? 1 : replicas;
        String image = firstImage(workload);
        boolean failing = image != null && failingImages.stream().anyMatch(image::contains);
        String rolloutKey = kind + "/" + namespace + "/" + name + "@" + generation;
        if (observed == generation && !failing && KubeObjects.number(status, "readyReplicas") == desired) {
            return;
        }
        long seen = firstSeen.computeIfAbsent(rolloutKey, k -> System.currentTimeMillis());
        if (System.currentTimeMillis() - seen < rolloutMillis) {
            return;
        }
        Map<String, Object> newStatus = new LinkedHashMap<>();
        newStatus.put("observedGeneration", generation);
        newStatus.put("replicas", desired);
        newStatus.put("updatedReplicas", desired);
        newStatus.put("readyReplicas", failing ? 0 : desired);
        newStatus.put("availableReplicas", failing ? 0 : desired);
        if (kind.equals("statefulsets")) {
            newStatus.put("currentReplicas", desired);
            newStatus.put("updateRevision", "r" + generation);
            newStatus.put("currentRevision", failing ? "r" + (generation - 1) : "r" + generation);
        }
        if (Objects.equals(status, newStatus)) {
            return;
        }
        workload.put("status", newStatus);
        String path = "/apis/apps/v1/namespaces/" + namespace + "/" + kind + "/" + name;
        synchronized (lock) {
            crud.handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path + "/status", headers(), new Buffer().writeUtf8(write(workload))));
            if (failing) {
                failingPod(namespace, name, workload, image);
            }
        }
    }

    private void failingPod(String namespace, String workloadName, Map<String, Object> workload, String image) {
        String podName = workloadName + "-7d9f8b6c5-x2x4q";
        String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + podName;
        if (crud.handleGet(podPath).code() == 200) {
            return;
        }
        Map<String, Object> labels = map(KubeObjects.at(workload, "spec", "template", "metadata", "labels"));
        Map<String, Object> containerName = Map.of("name", String.valueOf(firstContainer(workload).get("name")));
        Map<String, Object> waiting = Map.of("reason", "ImagePullBackOff", "message", "Back-off pulling image \"" + image + "\"");
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        pod.put("metadata", Map.of("name", podName, "namespace", namespace, "labels", labels));
        pod.put("spec", Map.of("containers", List.of(Map.of("name", containerName.get("name"), "image", image))));
        Map<String, Object> containerStatus = new LinkedHashMap<>(containerName);
        containerStatus.put("ready", false);
        containerStatus.put("image", image);
        containerStatus.put("state", Map.of("waiting", waiting));
        pod.put("status", Map.of("phase", "Pending", "containerStatuses", List.of(containerStatus)));
        crud.handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, "/api/v1/namespaces/" + namespace + "/pods", headers(),
                new Buffer().writeUtf8(write(pod))));
    }

    private static Map<String, Object> firstContainer(Map<String, Object> workload) {
        List<Map<String, Object>> containers = KubeObjects.list(workload, "spec", "template", "spec", "containers");
        return containers.isEmpty() ? Map.of() : containers.get(0);
    }

    private static String firstImage(Map<String, Object> workload) {
        Object image = firstContainer(workload).get("image");
        return image == null ? null : String.valueOf(image);
    }

    // ---- helpers ----

    private static Map<String, String> query(String path) {
        Map<String, String> out = new HashMap<>();
        int q = path.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String part : path.substring(q + 1).split("&")) {
            int eq = part.indexOf('=');
            out.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : java.net.URLDecoder.decode(part.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Headers headers() {
        return Headers.builder().add("Content-Type", "application/json").build();
    }

    static MockResponse status(int code, String reason, String message) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return json(code, status);
    }

    static MockResponse json(int code, Object body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(write(body));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? new LinkedHashMap<>((Map<String, Object>) value) : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String text) {
        try {
            return JSON.readValue(text, LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
