package io.digitctl.kube.apply;

import io.digitctl.kube.discovery.KindCatalog;
import io.digitctl.kube.discovery.ServedKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookGateTest {
    private static final KindCatalog KINDS = new KindCatalog(List.of(
            new ServedKind("cert-manager.io", "v1", "ClusterIssuer", "clusterissuers", false),
            new ServedKind("cert-manager.io", "v1", "Certificate", "certificates", true),
            new ServedKind("networking.k8s.io", "v1", "Ingress", "ingresses", true)));

    private static Map<String, Object> configuration(String resources, String scope) {
        Map<String, Object> rule = new java.util.LinkedHashMap<>(Map.of("apiGroups", List.of("cert-manager.io"), "apiVersions", List.of("v1"),
                "operations", List.of("CREATE", "UPDATE"), "resources", List.of(resources)));
        if (scope != null) {
            rule.put("scope", scope);
        }
        return Map.of("apiVersion", "admissionregistration.k8s.io/v1", "kind", "ValidatingWebhookConfiguration",
                "metadata", Map.of("name", "cert-manager-webhook"),
                "webhooks", List.of(Map.of("name", "webhook.cert-manager.io", "rules", List.of(rule),
                        "clientConfig", Map.of("service", Map.of("namespace", "cert-manager", "name", "cert-manager-webhook")))));
    }

    private static Map<String, Object> object(String kind, String namespace) {
        Map<String, Object> metadata = new java.util.LinkedHashMap<>(Map.of("name", "x"));
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        return Map.of("apiVersion", "cert-manager.io/v1", "kind", kind, "metadata", metadata);
    }

    @Test
    void resourcesAsCertManagerWritesThemMatchAsTheApiServerDoes() {
        Map<String, Object> service = Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "cert-manager-webhook", "namespace", "cert-manager"));
        WebhookGate all = WebhookGate.of(Map.of("cert-manager", List.of(configuration("*/*", null), service)), KINDS);
        assertThat(all.intercepting(object("ClusterIssuer", null))).map(WebhookGate.Webhook::servingService).contains("cert-manager");
        assertThat(all.intercepting(Map.of("apiVersion", "networking.k8s.io/v1", "kind", "Ingress", "metadata", Map.of("name", "x")))).isEmpty();

        WebhookGate subresources = WebhookGate.of(Map.of("cert-manager", List.of(configuration("certificates/*", null))), KINDS);
        assertThat(subresources.intercepting(object("Certificate", "egov"))).as("only subresources, which a deploy never writes").isEmpty();

        WebhookGate namespacedOnly = WebhookGate.of(Map.of("cert-manager", List.of(configuration("*", "Namespaced"))), KINDS);
        assertThat(namespacedOnly.intercepting(object("Certificate", "egov"))).isPresent();
        assertThat(namespacedOnly.intercepting(object("ClusterIssuer", null))).isEmpty();
    }
}
