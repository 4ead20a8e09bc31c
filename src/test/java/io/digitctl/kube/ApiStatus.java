package io.digitctl.kube;

import io.fabric8.mockwebserver.http.MockResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code Status} bodies a real API server answers with when it refuses a request. */
final class ApiStatus {
    private ApiStatus() {
    }

    static MockResponse failure(int code, String reason, String message, Map<String, Object> details) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("metadata", Map.of());
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (details != null) {
            status.put("details", details);
        }
        status.put("code", code);
        return MockCluster.json(code, status);
    }

    /** {@code namespaces "x" not found}, {@code deployments.apps "x" not found}. */
    static MockResponse notFound(String resource, String name) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("kind", resource.contains(".") ? resource.substring(0, resource.indexOf('.')) : resource);
        if (resource.contains(".")) {
            details.put("group", resource.substring(resource.indexOf('.') + 1));
        }
        return failure(404, "NotFound", resource + " \"" + name + "\" not found", details);
    }

    /** What a server answers for a resource path it does not serve (a custom kind before its CRD is established). */
    static MockResponse noSuchResource() {
        return failure(404, "NotFound", "the server could not find the requested resource", Map.of());
    }

    static MockResponse internalError(String cause) {
        return failure(500, "InternalError", "Internal error occurred: " + cause, Map.of("causes", List.of(Map.of("message", cause))));
    }

    /** 422 with a field error, as {@code Job.batch "x" is invalid: spec.template: Invalid value: ...: field is immutable}. */
    static MockResponse invalid(String kindDotGroup, String name, String field, String message) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("group", kindDotGroup.contains(".") ? kindDotGroup.substring(kindDotGroup.indexOf('.') + 1) : "");
        details.put("kind", kindDotGroup.contains(".") ? kindDotGroup.substring(0, kindDotGroup.indexOf('.')) : kindDotGroup);
        details.put("causes", List.of(Map.of("reason", "FieldValueInvalid", "message", message, "field", field)));
        return failure(422, "Invalid", kindDotGroup + " \"" + name + "\" is invalid: " + field + ": " + message, details);
    }

    static MockResponse alreadyExists(String resource, String name) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("kind", resource.contains(".") ? resource.substring(0, resource.indexOf('.')) : resource);
        return failure(409, "AlreadyExists", resource + " \"" + name + "\" already exists", details);
    }

    /** A 404 for one object carries a Status, as on a real server ({@code deployments.apps "x" not found}). */
    static MockResponse withStatus(MockResponse response, Discovery.Kind kind, ApiPath api) {
        return response.code() == 404 && api.name() != null ? ApiStatus.notFound(kind.qualified(), api.name()) : response;
    }
}
