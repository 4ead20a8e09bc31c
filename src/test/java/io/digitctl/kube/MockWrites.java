package io.digitctl.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The write path of the API server: POST, PUT, PATCH (server-side apply included) and DELETE, with
 * the checks a real server makes before it stores anything, and dry runs that make every check and
 * store nothing.
 */
final class MockWrites {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLY_PATCH = "application/apply-patch+yaml";

    private final MockStore store;
    private final Discovery discovery;
    private final MockAdmission admission;
    private final MockFieldOwnership ownership = new MockFieldOwnership();

    MockWrites(MockStore store, Discovery discovery, MockAdmission admission) {
        this.store = store;
        this.discovery = discovery;
        this.admission = admission;
    }

    MockResponse delete(RecordedRequest request, Discovery.Kind kind, ApiPath api) {
        if (api.name() != null && store.get(api.object(api.name())) != null) {
            MockResponse refused = admission.check("DELETE", kind, api);
            if (refused != null) {
                return refused;
            }
        }
        if ("All".equals(MockCluster.query(request.getPath()).get("dryRun"))) {
            Map<String, Object> existing = api.name() == null ? null : store.get(api.object(api.name()));
            return existing == null ? ApiStatus.notFound(kind.qualified(), String.valueOf(api.name())) : MockCluster.json(200, existing);
        }
        Map<String, Object> existing = api.name() == null ? null : store.get(api.object(api.name()));
        MockResponse response = ApiStatus.withStatus(store.dispatch(request), kind, api);
        if (response.code() < 300 && existing != null && api.subresource() == null) {
            if (kind.plural().equals("customresourcedefinitions") && kind.group().equals("apiextensions.k8s.io")) {
                discovery.forget(api.name());
                Discovery.kindsOf(existing).forEach(k -> deleteAll(k, null));
            } else if (kind.kind().equals("Namespace") && kind.group().isEmpty()) {
                discovery.kinds().stream().filter(Discovery.Kind::namespaced).forEach(k -> deleteAll(k, api.name()));
            }
        }
        return response;
    }

    /** What goes with a deleted CRD (its custom resources) or Namespace (everything in it). */
    private void deleteAll(Discovery.Kind kind, String namespace) {
        String collection = ApiPath.collection(kind.groupVersion(), namespace, kind.plural());
        for (Map<String, Object> o : store.list(collection)) {
            Object ns = KubeObjects.at(o, "metadata", "namespace");
            store.delete(ApiPath.collection(kind.groupVersion(), ns == null ? null : String.valueOf(ns), kind.plural())
                    + "/" + KubeObjects.at(o, "metadata", "name"));
        }
    }

    /**
     * POST, PUT and PATCH (server-side apply included), in the order of a real server: the resource is
     * served, the namespace exists, the object can be created or changed, the change is valid (Jobs are
     * immutable), admission webhooks allow it; then it is stored, unless this is a dry run.
     */
    MockResponse write(RecordedRequest request, Discovery.Kind kind, ApiPath api, Map<String, String> query) {
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
            return MockCluster.status(400, "BadRequest", "the request body is not valid JSON: " + e.getMessage());
        }
        String name = api.name() != null ? api.name() : body instanceof Map<?, ?> m ? String.valueOf(KubeObjects.at(m, "metadata", "name")) : null;
        String objectPath = api.object(String.valueOf(name));
        Map<String, Object> existing = store.get(objectPath);
        Map<String, Object> result;
        String operation;
        if (method.equals("POST")) {
            if (!(body instanceof Map<?, ?>)) {
                return MockCluster.status(400, "BadRequest", "the request body is not an object");
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
                return MockCluster.status(422, "Invalid", "the patch cannot be applied: " + e.getMessage());
            }
        }
        MockResponse refused = validate(kind, api, existing, result);
        if (refused == null) {
            refused = admission.check(operation, kind, api);
        }
        if (refused != null) {
            return refused;
        }
        recordManager(result, query.getOrDefault("fieldManager", Objects.toString(request.getHeader("User-Agent"), "unknown")), "Update");
        if (dryRun) {
            return MockCluster.json(operation.equals("CREATE") ? 201 : 200, result);
        }
        RecordedRequest replay = new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), request.getPath(),
                Headers.builder().add("Content-Type", contentType.isEmpty() ? "application/json" : contentType).build(), new Buffer().writeUtf8(text));
        MockResponse response = store.dispatch(replay);
        if (operation.equals("CREATE") && response.code() < 300 && kind.kind().equals("Namespace")) {
            return MockCluster.json(201, activate(objectPath));
        }
        return response;
    }

    /** Job templates cannot change; the rest of a real server's validation is left to the tests' objects. */
    private static MockResponse validate(Discovery.Kind kind, ApiPath api, Map<String, Object> existing, Map<String, Object> result) {
        if (existing != null && api.subresource() == null && kind.kind().equals("Job") && kind.group().equals("batch")
                && !Objects.equals(MockCluster.read(MockCluster.write(KubeObjects.at(existing, "spec", "template"))), MockCluster.read(MockCluster.write(KubeObjects.at(result, "spec", "template"))))) {
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
            result = map(mergePatch(KubeObjects.copy(existing), MockCluster.read(patch)));
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
    Map<String, Object> activate(String namespacePath) {
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
            return MockCluster.status(400, "BadRequest", "PATCH with apply requires a fieldManager parameter");
        }
        Map<String, Object> body;
        try {
            body = MockCluster.read(text);
        } catch (RuntimeException e) {
            return MockCluster.status(400, "BadRequest", "the apply body is not valid JSON or YAML");
        }
        Map<String, Object> metadata = map(body.get("metadata"));
        if (body.get("apiVersion") == null || body.get("kind") == null || metadata.get("name") == null) {
            return MockCluster.status(422, "Invalid", "apply body must set apiVersion, kind and metadata.name");
        }
        if (api.name() == null || !api.name().equals(metadata.get("name"))) {
            return MockCluster.status(400, "BadRequest", "the name in the body does not match the name in the URL");
        }
        String path = api.object(api.name());
        String manager = query.get("fieldManager");
        Map<String, Object> existing = store.get(path);
        Map<String, Object> merged = existing == null ? new LinkedHashMap<>(body) : ownership.apply(path, manager, existing, body);
        Map<String, Object> mergedMeta = new LinkedHashMap<>(map(merged.get("metadata")));
        merged.put("metadata", mergedMeta);
        if (api.namespace() != null) {
            mergedMeta.put("namespace", api.namespace());
        }
        if (existing == null) {
            Map<String, Object> result = created(merged, api);
            MockResponse refused = admission.check("CREATE", kind, api);
            if (refused != null || dryRun) {
                return refused != null ? refused : MockCluster.json(201, result);
            }
            MockResponse response = store.create(api.collection(), result);
            if (response.code() < 300) {
                ownership.applied(path, manager, body);
            }
            return response.code() < 300 && kind.kind().equals("Namespace") ? MockCluster.json(201, activate(path)) : response;
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
        recordManager(merged, manager, "Apply");
        MockResponse refused = validate(kind, api, existing, merged);
        if (refused == null) {
            refused = admission.check("UPDATE", kind, api);
        }
        if (refused != null) {
            return refused;
        }
        if (dryRun) {
            return MockCluster.json(200, merged);
        }
        ownership.applied(path, manager, body);
        if (sameObject(existing, merged)) {
            // as on a real server, applying what is already there changes nothing, resourceVersion included
            return MockCluster.json(200, existing);
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

    /**
     * Who last wrote the object, as a real server keeps it in metadata.managedFields (one entry per
     * manager and operation, with the time; the field sets themselves are left out).
     */
    @SuppressWarnings("unchecked")
    private static void recordManager(Map<String, Object> object, String manager, String operation) {
        Map<String, Object> metadata = (Map<String, Object>) object.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        List<Map<String, Object>> entries = new java.util.ArrayList<>();
        if (metadata.get("managedFields") instanceof List<?> existing) {
            existing.stream().filter(e -> e instanceof Map<?, ?> m && !(manager.equals(m.get("manager")) && operation.equals(m.get("operation"))))
                    .forEach(e -> entries.add((Map<String, Object>) e));
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("manager", manager);
        entry.put("operation", operation);
        entry.put("time", java.time.Instant.now().toString());
        entries.add(entry);
        metadata.put("managedFields", entries);
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
        return MockCluster.read(MockCluster.write(a)).equals(MockCluster.read(MockCluster.write(b)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? new LinkedHashMap<>((Map<String, Object>) value) : new LinkedHashMap<>();
    }
}
