package io.digitctl.kube;

import io.fabric8.mockwebserver.http.MockResponse;

import java.util.List;
import java.util.Map;

/**
 * The admission webhooks of a real API server: every Mutating- and ValidatingWebhookConfiguration whose
 * rules match a write is called, and with failurePolicy Fail (the default) a webhook that cannot be
 * reached refuses the write: no Service, no ready pod behind it, or no CA bundle to trust it.
 */
final class MockAdmission {
    private static final String GROUP = "admissionregistration.k8s.io";
    private final MockStore store;

    MockAdmission(MockStore store) {
        this.store = store;
    }

    /** The refusal for this write, or null when every matching webhook lets it through. */
    MockResponse check(String operation, Discovery.Kind kind, ApiPath path) {
        if (kind.group().equals(GROUP)) {
            return null; // webhooks are never called for webhook configurations themselves
        }
        for (String configs : List.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations")) {
            for (Map<String, Object> config : store.list("/apis/" + GROUP + "/v1/" + configs)) {
                for (Map<String, Object> webhook : KubeObjects.list(config, "webhooks")) {
                    if (!"Ignore".equals(webhook.get("failurePolicy")) && matches(webhook, operation, kind, path)) {
                        String failure = callFailure(config, webhook);
                        if (failure != null) {
                            return ApiStatus.internalError("failed calling webhook \"" + webhook.get("name") + "\": failed to call webhook: " + failure);
                        }
                    }
                }
            }
        }
        return null;
    }

    private static boolean matches(Map<String, Object> webhook, String operation, Discovery.Kind kind, ApiPath path) {
        String sub = path.subresource();
        for (Map<String, Object> rule : KubeObjects.list(webhook, "rules")) {
            String scope = String.valueOf(rule.getOrDefault("scope", "*"));
            boolean scopeOk = scope.equals("*") || scope.equals(kind.namespaced() ? "Namespaced" : "Cluster");
            if (scopeOk && anyOf(rule.get("apiGroups"), kind.group()) && anyOf(rule.get("apiVersions"), kind.version())
                    && anyOf(rule.get("operations"), operation) && resourceMatches(rule.get("resources"), kind.plural(), sub)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyOf(Object values, String value) {
        return values instanceof List<?> list && (list.contains("*") || list.contains(value));
    }

    private static boolean resourceMatches(Object values, String resource, String sub) {
        if (!(values instanceof List<?> list)) {
            return false;
        }
        for (Object o : list) {
            String r = String.valueOf(o);
            if (r.equals("*/*") || (sub == null && (r.equals("*") || r.equals(resource)))
                    || (sub != null && (r.equals(resource + "/" + sub) || r.equals("*/" + sub) || r.equals(resource + "/*")))) {
                return true;
            }
        }
        return false;
    }

    /** Why calling this webhook fails, or null when it answers. */
    private String callFailure(Map<String, Object> config, Map<String, Object> webhook) {
        Map<String, Object> service = map(KubeObjects.at(webhook, "clientConfig", "service"));
        if (service.isEmpty()) {
            return null; // a URL webhook: outside the cluster, assumed reachable
        }
        String name = String.valueOf(service.get("name"));
        String namespace = String.valueOf(service.get("namespace"));
        Object port = service.getOrDefault("port", 443);
        Object timeout = webhook.getOrDefault("timeoutSeconds", 10);
        String post = "Post \"https://" + name + "." + namespace + ".svc:" + port + service.getOrDefault("path", "")
                + "?timeout=" + timeout + "s\": ";
        Map<String, Object> svc = store.get("/api/v1/namespaces/" + namespace + "/services/" + name);
        if (svc == null) {
            return post + "service \"" + name + "\" not found";
        }
        if (!hasEndpoints(svc, namespace)) {
            return post + "no endpoints available for service \"" + name + "\"";
        }
        Object caBundle = KubeObjects.at(webhook, "clientConfig", "caBundle");
        Map<String, Object> annotations = map(KubeObjects.at(config, "metadata", "annotations"));
        boolean injected = annotations.containsKey("cert-manager.io/inject-ca-from") || annotations.containsKey("cert-manager.io/inject-ca-from-secret");
        if ((caBundle == null || String.valueOf(caBundle).isEmpty()) && !injected) {
            return post + "tls: failed to verify certificate: x509: certificate signed by unknown authority";
        }
        return null;
    }

    /** A ready pod matches the Service's selector, or a workload whose pods would match has ready replicas. */
    private boolean hasEndpoints(Map<String, Object> service, String namespace) {
        Map<String, Object> selector = map(KubeObjects.at(service, "spec", "selector"));
        if (selector.isEmpty()) {
            return false;
        }
        for (Map<String, Object> pod : store.list("/api/v1/namespaces/" + namespace + "/pods")) {
            if (MockPods.matches(selector, map(KubeObjects.at(pod, "metadata", "labels"))) && MockPods.isReady(pod)) {
                return true;
            }
        }
        for (String kind : List.of("deployments", "statefulsets", "daemonsets")) {
            for (Map<String, Object> w : store.list("/apis/apps/v1/namespaces/" + namespace + "/" + kind)) {
                long ready = KubeObjects.number(w, "status", kind.equals("daemonsets") ? "numberReady" : "readyReplicas");
                if (ready >= 1 && MockPods.matches(selector, map(KubeObjects.at(w, "spec", "template", "metadata", "labels")))) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }
}
