package io.digitctl.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
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
import java.util.Set;
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
    private static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final MockStore store = new MockStore();
    private final Discovery discovery = new Discovery();
    private final MockWrites writes = new MockWrites(store, discovery, new MockAdmission(store));
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
            writes.activate(path);
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
                case "GET" -> ApiStatus.withStatus(store.dispatch(request), kind, api);
                case "DELETE" -> writes.delete(request, kind, api);
                case "POST", "PUT", "PATCH" -> writes.write(request, kind, api, query(path));
                default -> status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            };
        }
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

    static Map<String, String> query(String path) {
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
