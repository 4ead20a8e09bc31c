package io.digitctl.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A fresh Kubernetes 1.31 cluster for tests, over HTTP: fabric8's mock server in CRUD mode behind a
 * dispatcher that refuses what a real API server refuses. Only the namespaces default, kube-system,
 * kube-public and kube-node-lease exist at first, and a namespaced write into any other namespace is
 * 404; only built-in kinds are served until a CustomResourceDefinition is established
 * ({@link Discovery}); admission webhooks that cannot be called refuse the writes they match
 * ({@link MockAdmission}); Jobs are immutable; dry-run (on every verb) runs every check and stores
 * nothing. Server-side apply is create-or-replace that keeps status. Controllers
 * ({@link MockController}) establish CRDs and roll workloads out through pods that start only when a
 * kubelet could start them ({@link MockPods}). Latency and faults can be injected.
 */
public final class MockCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final MockStore store = new MockStore();
    private final Discovery discovery = new Discovery();
    private final MockAdmission admission = new MockAdmission(store);
    private final KubernetesMockServer server;
    private final AtomicLong latencyMillis = new AtomicLong();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Set<String> failingImages = ConcurrentHashMap.newKeySet();
    private final Set<String> failingInitImages = ConcurrentHashMap.newKeySet();
    private final Set<String> failingJobImages = ConcurrentHashMap.newKeySet();
    private final MockController controllers = new MockController(store, discovery, new MockPods(store, failingImages, failingInitImages), this);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile long rolloutMillis = 100;
    private volatile long crdEstablishMillis = 1000;
    private volatile boolean running = true;
    private final Thread controller;

    /** A failure to answer instead of the real response, for requests that match. */
    private record Fault(Predicate<RecordedRequest> matches, int code, AtomicInteger remaining) {
    }

    public MockCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ClusterDispatcher(), false);
        server.init();
        INITIAL_NAMESPACES.forEach(this::createNamespace);
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

    /** Containers whose image contains this text cannot pull it: ImagePullBackOff. */
    public MockCluster failImage(String imagePart) {
        failingImages.add(imagePart);
        return this;
    }

    /** Init containers whose image contains this text exit with code 1 each time: CrashLoopBackOff. */
    public MockCluster failInitImage(String imagePart) {
        failingInitImages.add(imagePart);
        return this;
    }

    /** Jobs whose container image contains this text fail every attempt: BackoffLimitExceeded. */
    public MockCluster failJobImage(String imagePart) {
        failingJobImages.add(imagePart);
        return this;
    }

    /** How long after it is stored a CustomResourceDefinition becomes established (and served). */
    public MockCluster crdEstablishDelay(java.time.Duration delay) {
        crdEstablishMillis = delay.toMillis();
        return this;
    }

    /** Creates a namespace (status.phase Active), as an administrator would before a deploy. */
    public MockCluster createNamespace(String name) {
        String path = "/api/v1/namespaces/" + name;
        if (store.get(path) == null) {
            store.create("/api/v1/namespaces", Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", name)));
            activate(path);
        }
        return this;
    }

    /** The FailedMount (and other) Events recorded in a namespace. */
    public List<Map<String, Object>> events(String namespace) {
        return store.list("/api/v1/namespaces/" + namespace + "/events");
    }

    long rolloutMillis() {
        return rolloutMillis;
    }

    long crdEstablishMillis() {
        return crdEstablishMillis;
    }

    Set<String> failingJobImages() {
        return failingJobImages;
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
    public Map<String, Object> stored(String path) {
        return store.get(path);
    }

    /** Stores an object under a collection path, as another client would create it (no admission checks). */
    public void put(String collectionPath, Map<String, Object> object) {
        store.create(collectionPath, object);
    }

    /** Items stored under a collection path such as {@code /apis/apps/v1/deployments}. */
    public List<Map<String, Object>> storedList(String path) {
        return store.list(path);
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
        String method = request.getMethod().toUpperCase();
        if (method.equals("GET")) {
            MockResponse document = discovery.answer(plain);
            if (document != null) {
                return document;
            }
        }
        ApiPath api = ApiPath.parse(plain);
        if (api == null) {
            return store.dispatch(request);
        }
        Discovery.Kind kind = discovery.find(api.groupVersion(), api.resource());
        if (kind == null) {
            return ApiStatus.noSuchResource();
        }
        synchronized (store.lock) {
            return switch (method) {
                case "GET" -> notFoundWithStatus(store.dispatch(request), kind, api);
                case "DELETE" -> delete(request, kind, api);
                case "POST", "PUT", "PATCH" -> write(request, kind, api, query(path));
                default -> status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            };
        }
    }

    /** A 404 for one object carries a Status, as on a real server ({@code deployments.apps "x" not found}). */
    private static MockResponse notFoundWithStatus(MockResponse response, Discovery.Kind kind, ApiPath api) {
        return response.code() == 404 && api.name() != null ? ApiStatus.notFound(kind.qualified(), api.name()) : response;
    }

    private MockResponse delete(RecordedRequest request, Discovery.Kind kind, ApiPath api) {
        if (api.name() != null && store.get(api.object(api.name())) != null) {
            MockResponse refused = admission.check("DELETE", kind, api);
            if (refused != null) {
                return refused;
            }
        }
        if ("All".equals(query(request.getPath()).get("dryRun"))) {
            Map<String, Object> existing = api.name() == null ? null : store.get(api.object(api.name()));
            return existing == null ? ApiStatus.notFound(kind.qualified(), String.valueOf(api.name())) : json(200, existing);
        }
        MockResponse response = notFoundWithStatus(store.dispatch(request), kind, api);
        if (response.code() < 300 && api.name() != null && api.subresource() == null) {
            if (kind.plural().equals("customresourcedefinitions") && kind.group().equals("apiextensions.k8s.io")) {
                discovery.forget(api.name());
            }
        }
        return response;
    }

    /**
     * POST, PUT and PATCH (server-side apply included), in the order of a real server: the resource is
     * served, the namespace exists, the object can be created or changed, the change is valid (Jobs are
     * immutable), admission webhooks allow it; then it is stored, unless this is a dry run.
     */
    private MockResponse write(RecordedRequest request, Discovery.Kind kind, ApiPath api, Map<String, String> query) {
        if (kind.namespaced() && api.namespace() != null && store.get("/api/v1/namespaces/" + api.namespace()) == null) {
            return ApiStatus.notFound("namespaces", api.namespace());
        }
        String method = request.getMethod().toUpperCase();
        String contentType = Objects.toString(request.getHeader("Content-Type"), "");
        boolean apply = method.equals("PATCH") && contentType.startsWith(APPLY_PATCH);
        boolean dryRun = "All".equals(query.get("dryRun"));
        String text = request.getBody().readUtf8();
        if (apply) {
            return serverSideApply(kind, api, text, query, dryRun);
        }
        Object body;
        try {
            body = JSON.readValue(text, Object.class);
        } catch (IOException e) {
            return status(400, "BadRequest", "the request body is not valid JSON: " + e.getMessage());
        }
        String name = api.name() != null ? api.name() : body instanceof Map<?, ?> m ? String.valueOf(KubeObjects.at(m, "metadata", "name")) : null;
        String objectPath = api.object(String.valueOf(name));
        Map<String, Object> existing = store.get(objectPath);
        Map<String, Object> result;
        String operation;
        if (method.equals("POST")) {
            if (!(body instanceof Map<?, ?>)) {
                return status(400, "BadRequest", "the request body is not an object");
            }
            if (existing != null) {
                return ApiStatus.alreadyExists(kind.qualified(), name);
            }
            operation = "CREATE";
            result = created(map(body), api);
        } else {
            if (existing == null) {
                return ApiStatus.notFound(kind.qualified(), String.valueOf(name));
            }
            operation = "UPDATE";
            try {
                result = method.equals("PUT") ? replaced(existing, map(body), api.subresource()) : patched(existing, text, contentType);
            } catch (RuntimeException e) {
                return status(422, "Invalid", "the patch cannot be applied: " + e.getMessage());
            }
        }
        MockResponse refused = validate(kind, api, existing, result);
        if (refused == null) {
            refused = admission.check(operation, kind, api);
        }
        if (refused != null) {
            return refused;
        }
        if (dryRun) {
            return json(operation.equals("CREATE") ? 201 : 200, result);
        }
        RecordedRequest replay = new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), request.getPath(),
                Headers.builder().add("Content-Type", contentType.isEmpty() ? "application/json" : contentType).build(), new Buffer().writeUtf8(text));
        MockResponse response = store.dispatch(replay);
        if (operation.equals("CREATE") && response.code() < 300 && kind.kind().equals("Namespace")) {
            return json(201, activate(objectPath));
        }
        return response;
    }

    /** Job templates cannot change; the rest of a real server's validation is left to the tests' objects. */
    private static MockResponse validate(Discovery.Kind kind, ApiPath api, Map<String, Object> existing, Map<String, Object> result) {
        if (existing != null && api.subresource() == null && kind.kind().equals("Job") && kind.group().equals("batch")
                && !Objects.equals(read(write(KubeObjects.at(existing, "spec", "template"))), read(write(KubeObjects.at(result, "spec", "template"))))) {
            return ApiStatus.invalid("Job.batch", String.valueOf(KubeObjects.at(existing, "metadata", "name")), "spec.template",
                    "Invalid value: core.PodTemplateSpec{...}: field is immutable");
        }
        return null;
    }

    /** What a create stores: the body with the server's metadata. */
    private static Map<String, Object> created(Map<String, Object> body, ApiPath api) {
        Map<String, Object> result = new LinkedHashMap<>(body);
        Map<String, Object> md = map(body.get("metadata"));
        if (api.namespace() != null) {
            md.put("namespace", api.namespace());
        }
        md.put("uid", UUID.randomUUID().toString());
        md.put("creationTimestamp", MockPods.now());
        md.put("generation", 1);
        result.put("metadata", md);
        if ("Namespace".equals(body.get("kind"))) {
            result.put("status", Map.of("phase", "Active"));
        }
        return result;
    }

    /** What a replace stores: the body, the server's metadata kept, generation moved only by a new spec. */
    private static Map<String, Object> replaced(Map<String, Object> existing, Map<String, Object> body, String subresource) {
        Map<String, Object> result = new LinkedHashMap<>(subresource == null ? body : existing);
        if (subresource != null) {
            result.put(subresource, body.get(subresource));
            return result;
        }
        Map<String, Object> md = map(body.get("metadata"));
        Map<String, Object> old = map(existing.get("metadata"));
        for (String keep : List.of("uid", "creationTimestamp", "namespace", "resourceVersion")) {
            if (old.get(keep) != null) {
                md.put(keep, old.get(keep));
            }
        }
        md.put("generation", generation(existing, result));
        result.put("metadata", md);
        if (existing.get("status") != null) {
            result.put("status", existing.get("status"));
        }
        return result;
    }

    /** JSON patch, or JSON merge patch (a strategic merge patch is taken as one). */
    private static Map<String, Object> patched(Map<String, Object> existing, String patch, String contentType) {
        Map<String, Object> result;
        if (contentType.startsWith("application/json-patch+json")) {
            try {
                com.fasterxml.jackson.databind.JsonNode node = io.fabric8.zjsonpatch.JsonPatch.apply(JSON.readTree(patch), JSON.valueToTree(existing));
                result = map(JSON.treeToValue(node, Map.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            result = map(mergePatch(KubeObjects.copy(existing), read(patch)));
        }
        Map<String, Object> md = map(result.get("metadata"));
        md.put("generation", generation(existing, result));
        result.put("metadata", md);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object mergePatch(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> p)) {
            return patch;
        }
        Map<String, Object> out = target instanceof Map<?, ?> t ? new LinkedHashMap<>((Map<String, Object>) t) : new LinkedHashMap<>();
        ((Map<String, Object>) p).forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else {
                out.put(k, mergePatch(out.get(k), v));
            }
        });
        return out;
    }

    private static long generation(Map<String, Object> existing, Map<String, Object> result) {
        long generation = Math.max(1, KubeObjects.number(existing, "metadata", "generation"));
        return Objects.equals(existing.get("spec"), result.get("spec")) ? generation : generation + 1;
    }

    /** A new Namespace is Active at once, as the API server makes it. */
    private Map<String, Object> activate(String namespacePath) {
        Map<String, Object> ns = store.get(namespacePath);
        if (ns != null && !"Active".equals(KubeObjects.at(ns, "status", "phase"))) {
            ns.put("status", Map.of("phase", "Active"));
            store.updateStatus(namespacePath, ns);
            ns = store.get(namespacePath);
        }
        return ns;
    }

    private MockResponse serverSideApply(Discovery.Kind kind, ApiPath api, String text, Map<String, String> query, boolean dryRun) {
        if (query.getOrDefault("fieldManager", "").isEmpty()) {
            return status(400, "BadRequest", "PATCH with apply requires a fieldManager parameter");
        }
        Map<String, Object> body;
        try {
            body = read(text);
        } catch (RuntimeException e) {
            return status(400, "BadRequest", "the apply body is not valid JSON or YAML");
        }
        Map<String, Object> metadata = map(body.get("metadata"));
        if (body.get("apiVersion") == null || body.get("kind") == null || metadata.get("name") == null) {
            return status(422, "Invalid", "apply body must set apiVersion, kind and metadata.name");
        }
        if (api.name() == null || !api.name().equals(metadata.get("name"))) {
            return status(400, "BadRequest", "the name in the body does not match the name in the URL");
        }
        String path = api.object(api.name());
        Map<String, Object> existing = store.get(path);
        Map<String, Object> merged = new LinkedHashMap<>(body);
        Map<String, Object> mergedMeta = new LinkedHashMap<>(metadata);
        merged.put("metadata", mergedMeta);
        if (api.namespace() != null) {
            mergedMeta.put("namespace", api.namespace());
        }
        if (existing == null) {
            Map<String, Object> result = created(merged, api);
            MockResponse refused = admission.check("CREATE", kind, api);
            if (refused != null || dryRun) {
                return refused != null ? refused : json(201, result);
            }
            MockResponse response = store.create(api.collection(), result);
            return response.code() < 300 && kind.kind().equals("Namespace") ? json(201, activate(path)) : response;
        }
        Map<String, Object> existingMeta = map(existing.get("metadata"));
        for (String keep : List.of("uid", "creationTimestamp", "resourceVersion")) {
            if (existingMeta.get(keep) != null) {
                mergedMeta.put(keep, existingMeta.get(keep));
            }
        }
        mergedMeta.put("generation", generation(existing, merged));
        if (existing.get("status") != null) {
            merged.put("status", existing.get("status"));
        }
        MockResponse refused = validate(kind, api, existing, merged);
        if (refused == null) {
            refused = admission.check("UPDATE", kind, api);
        }
        if (refused != null) {
            return refused;
        }
        if (dryRun) {
            return json(200, merged);
        }
        if (sameObject(existing, merged)) {
            // as on a real server, applying what is already there changes nothing, resourceVersion included
            return json(200, existing);
        }
        MockResponse updated = store.update(path, merged);
        if (existing.get("status") != null && updated.code() == 200) {
            // the CRUD server drops status on a main-resource update when status is a subresource
            Map<String, Object> stored = store.get(path);
            stored.put("status", existing.get("status"));
            return store.updateStatus(path, stored);
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

    // ---- the controllers ----

    private void controlLoop() {
        while (running) {
            try {
                Thread.sleep(20);
                controllers.tick();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a request racing with the controllers; the next round sees a settled state
            }
        }
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

    static MockResponse status(int code, String reason, String message) {
        return ApiStatus.failure(code, reason, message, null);
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
