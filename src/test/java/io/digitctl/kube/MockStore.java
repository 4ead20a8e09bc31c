package io.digitctl.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The objects of a MockCluster: fabric8's CRUD dispatcher, every access under one lock, with the
 * real rule for {@code metadata.generation}: 1 on create, one more only when {@code spec} changes.
 */
final class MockStore {
    final Object lock = new Object();
    private final KubernetesCrudDispatcher crud = new GenerationAwareCrud();

    private static final class GenerationAwareCrud extends KubernetesCrudDispatcher {
        @Override
        public void touchGeneration(JsonNode current, JsonNode updated) {
            if (!Objects.equals(current.get("spec"), updated.get("spec")) && updated.get("metadata") instanceof ObjectNode md) {
                md.put("generation", current.path("metadata").path("generation").asLong(1) + 1);
            }
        }
    }

    KubernetesCrudDispatcher crud() {
        return crud;
    }

    /** The object at this path, or null. */
    Map<String, Object> get(String path) {
        synchronized (lock) {
            MockResponse r = crud.handleGet(path);
            return r.code() == 200 ? MockCluster.read(r.getBody().readUtf8()) : null;
        }
    }

    /** The items of a collection path (all namespaces when the path has none). */
    List<Map<String, Object>> list(String collectionPath) {
        Map<String, Object> list = get(collectionPath);
        return list == null ? List.of() : KubeObjects.list(list, "items");
    }

    MockResponse create(String collectionPath, Map<String, Object> object) {
        synchronized (lock) {
            return crud.handleCreate(request(HttpMethod.POST, collectionPath, object));
        }
    }

    MockResponse update(String path, Map<String, Object> object) {
        synchronized (lock) {
            return crud.handleUpdate(request(HttpMethod.PUT, path, object));
        }
    }

    /** Replaces the status of the object at this path with the status of {@code object}. */
    MockResponse updateStatus(String path, Map<String, Object> object) {
        if (path.matches("/api/v1/namespaces/[^/]+")) {
            // the CRUD server reads /api/v1/namespaces/x/status as a collection "status" in namespace x
            Map<String, Object> current = get(path);
            if (current == null) {
                return new MockResponse().setResponseCode(404);
            }
            current.put("status", object.get("status"));
            return update(path, current);
        }
        synchronized (lock) {
            return crud.handleUpdate(request(HttpMethod.PUT, path + "/status", object));
        }
    }

    boolean delete(String path) {
        synchronized (lock) {
            return crud.handleDelete(path).code() < 300;
        }
    }

    MockResponse dispatch(RecordedRequest request) {
        synchronized (lock) {
            return crud.dispatch(request);
        }
    }

    private static RecordedRequest request(HttpMethod method, String path, Map<String, Object> object) {
        return new RecordedRequest("HTTP/1.1", method, path, Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer().writeUtf8(MockCluster.write(object)));
    }
}
