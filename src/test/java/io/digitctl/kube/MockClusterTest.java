package io.digitctl.kube;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fixture itself, over HTTP: it behaves as a fresh Kubernetes 1.31 cluster and refuses what one refuses. */
class MockClusterTest {
    final MockCluster cluster = new MockCluster().rolloutTime(50);
    final Fabric8Gateway gateway = cluster.gateway();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        gateway.close();
        cluster.close();
    }

    record Answer(int code, Map<String, Object> body) {
    }

    /** A plain HTTP request to the cluster, as any client sends it. */
    Answer call(String method, String path, String contentType, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.url().replaceAll("/$", "") + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(MockCluster.write(body)));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isBlank() ? Map.of() : MockCluster.read(r.body()));
    }

    static void awaitTrue(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    static Map<String, Object> deployment(String name, String image) {
        return workload("Deployment", name, Map.of("containers", List.of(Map.of("name", name, "image", image))));
    }

    static Map<String, Object> workload(String kind, String name, Map<String, Object> podSpec) {
        return Map.of("apiVersion", "apps/v1", "kind", kind,
                "metadata", Map.of("name", name, "namespace", "egov", "labels", Map.of("app", name)),
                "spec", Map.of("replicas", 2, "selector", Map.of("matchLabels", Map.of("app", name)),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", name)), "spec", podSpec)));
    }

    static Map<String, Object> configMap(String namespace, String name, Map<String, String> data) {
        return Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", name, "namespace", namespace), "data", data);
    }

    Map<String, Object> deploymentNow(String name) {
        return cluster.stored("/apis/apps/v1/namespaces/egov/deployments/" + name);
    }

    List<Map<String, Object>> pods(String app) {
        return cluster.storedList("/api/v1/namespaces/egov/pods").stream()
                .filter(p -> app.equals(KubeObjects.labels(p).get("app"))).toList();
    }

    static Object waiting(Map<String, Object> pod, String statuses) {
        return KubeObjects.at(KubeObjects.list(pod, "status", statuses).get(0), "state", "waiting");
    }

    // ---- 1. version ----

    @Test
    void theServerIsKubernetes131() throws Exception {
        assertThat(gateway.serverVersion()).isEqualTo("v1.31.4");
        assertThat(call("GET", "/version", null, null).body()).containsEntry("major", "1").containsEntry("minor", "31");
    }

    // ---- 2. namespaces ----

    @Test
    void aFreshClusterHasOnlyItsFourNamespacesAndRefusesWritesIntoAnyOther() throws Exception {
        List<Map<String, Object>> namespaces = gateway.list("v1", "Namespace", null, Map.of());
        assertThat(namespaces).extracting(n -> KubeObjects.metadata(n).get("name"))
                .containsExactlyInAnyOrder("default", "kube-system", "kube-public", "kube-node-lease");
        assertThat(namespaces).allSatisfy(n -> assertThat(KubeObjects.at(n, "status", "phase")).isEqualTo("Active"));

        Map<String, Object> cm = configMap("playground", "c", Map.of("a", "b"));
        String collection = "/api/v1/namespaces/playground/configmaps";
        List<Answer> answers = List.of(
                call("POST", collection, "application/json", cm),
                call("POST", collection + "?dryRun=All", "application/json", cm),
                call("PUT", collection + "/c", "application/json", cm),
                call("PATCH", collection + "/c", "application/merge-patch+json", Map.of("data", Map.of("a", "c"))),
                call("PATCH", collection + "/c?fieldManager=t&force=true", "application/apply-patch+yaml", cm),
                call("PATCH", collection + "/c?fieldManager=t&dryRun=All", "application/apply-patch+yaml", cm));
        for (Answer a : answers) {
            assertThat(a.code()).isEqualTo(404);
            assertThat(a.body()).containsEntry("kind", "Status").containsEntry("status", "Failure").containsEntry("reason", "NotFound")
                    .containsEntry("message", "namespaces \"playground\" not found").containsEntry("code", 404)
                    .containsEntry("details", Map.of("name", "playground", "kind", "namespaces"));
        }
        assertThatThrownBy(() -> gateway.apply(cm, true)).hasMessageContaining("namespaces \"playground\" not found");

        gateway.apply(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "playground")), false);
        assertThat(KubeObjects.at(cluster.stored("/api/v1/namespaces/playground"), "status", "phase")).isEqualTo("Active");
        gateway.apply(cm, false);
        assertThat(cluster.stored(collection + "/c")).isNotNull();
    }

    // ---- 3. discovery and CRDs ----

    static Map<String, Object> widgetCrd() {
        return Map.of("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
                "metadata", Map.of("name", "widgets.example.io"),
                "spec", Map.of("group", "example.io", "scope", "Namespaced",
                        "names", Map.of("kind", "Widget", "plural", "widgets", "singular", "widget", "listKind", "WidgetList"),
                        "versions", List.of(Map.of("name", "v1", "served", true, "storage", true,
                                "schema", Map.of("openAPIV3Schema", Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true))))));
    }

    @Test
    void aCustomKindIsServedOnlyOnceItsCrdIsEstablishedAndNoLongerAfterItIsDeleted() throws Exception {
        cluster.crdEstablishDelay(Duration.ofMillis(400));
        Answer apis = call("GET", "/apis", null, null);
        assertThat(apis.body().toString()).contains("admissionregistration.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "policy")
                .doesNotContain("example.io");
        assertThat(call("GET", "/apis/admissionregistration.k8s.io/v1", null, null).body().toString())
                .contains("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
        String widgets = "/apis/example.io/v1/namespaces/default/widgets";
        Map<String, Object> widget = Map.of("apiVersion", "example.io/v1", "kind", "Widget", "metadata", Map.of("name", "w", "namespace", "default"),
                "spec", Map.of("size", 1));

        gateway.apply(widgetCrd(), false);
        for (Answer a : List.of(call("GET", widgets, null, null), call("POST", widgets, "application/json", widget),
                call("PATCH", widgets + "/w?fieldManager=t", "application/apply-patch+yaml", widget))) {
            assertThat(a.code()).isEqualTo(404);
            assertThat(a.body()).containsEntry("reason", "NotFound").containsEntry("message", "the server could not find the requested resource");
        }
        assertThat(call("GET", "/apis/example.io/v1", null, null).code()).isEqualTo(404);

        awaitTrue(() -> KubeObjects.list(cluster.stored("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.io"),
                "status", "conditions").stream().filter(c -> "True".equals(c.get("status"))).count() == 2);
        Map<String, Object> crd = cluster.stored("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.io");
        assertThat(KubeObjects.list(crd, "status", "conditions")).extracting(c -> c.get("type")).contains("NamesAccepted", "Established");
        assertThat(call("GET", "/apis", null, null).body().toString()).contains("example.io");
        assertThat(call("GET", "/apis/example.io/v1", null, null).body().toString()).contains("widgets", "Widget", "namespaced=true");
        gateway.apply(widget, false);
        assertThat(gateway.get("example.io/v1", new ResourceKey("example.io", "Widget", "default", "w"))).isPresent();

        assertThat(gateway.delete("apiextensions.k8s.io/v1", new ResourceKey("apiextensions.k8s.io", "CustomResourceDefinition", "", "widgets.example.io"))).isTrue();
        assertThat(call("GET", "/apis", null, null).body().toString()).doesNotContain("example.io");
        assertThat(call("GET", widgets, null, null).code()).isEqualTo(404);
    }

    // ---- 4. admission webhooks ----

    static Map<String, Object> validatingWebhook(Map<String, String> annotations, String failurePolicy) {
        Map<String, Object> webhook = new java.util.LinkedHashMap<>();
        webhook.put("name", "validate.nginx.ingress.kubernetes.io");
        webhook.put("rules", List.of(Map.of("apiGroups", List.of("networking.k8s.io"), "apiVersions", List.of("v1"),
                "operations", List.of("CREATE", "UPDATE"), "resources", List.of("ingresses"))));
        webhook.put("clientConfig", Map.of("service", Map.of("name", "ingress-nginx-controller-admission", "namespace", "ingress-nginx",
                "path", "/networking/v1/ingresses")));
        webhook.put("sideEffects", "None");
        webhook.put("admissionReviewVersions", List.of("v1"));
        if (failurePolicy != null) {
            webhook.put("failurePolicy", failurePolicy);
        }
        return Map.of("apiVersion", "admissionregistration.k8s.io/v1", "kind", "ValidatingWebhookConfiguration",
                "metadata", Map.of("name", "ingress-nginx-admission", "annotations", annotations), "webhooks", List.of(webhook));
    }

    static Map<String, Object> ingress(String name) {
        return Map.of("apiVersion", "networking.k8s.io/v1", "kind", "Ingress", "metadata", Map.of("name", name, "namespace", "egov"),
                "spec", Map.of("rules", List.of(Map.of("host", name + ".example.org"))));
    }

    @Test
    void aWebhookThatCannotBeCalledRefusesTheWritesItMatchesUntilItsServiceHasReadyPodsAndACa() throws Exception {
        cluster.createNamespace("egov").createNamespace("ingress-nginx");
        gateway.apply(validatingWebhook(Map.of(), null), false);
        String post = "failed calling webhook \"validate.nginx.ingress.kubernetes.io\": failed to call webhook: "
                + "Post \"https://ingress-nginx-controller-admission.ingress-nginx.svc:443/networking/v1/ingresses?timeout=10s\": ";

        Answer noService = call("PATCH", "/apis/networking.k8s.io/v1/namespaces/egov/ingresses/a?fieldManager=t&dryRun=All",
                "application/apply-patch+yaml", ingress("a"));
        assertThat(noService.code()).isEqualTo(500);
        assertThat(noService.body()).containsEntry("kind", "Status").containsEntry("status", "Failure").containsEntry("reason", "InternalError")
                .containsEntry("code", 500)
                .containsEntry("message", "Internal error occurred: " + post + "service \"ingress-nginx-controller-admission\" not found");
        assertThat(call("POST", "/apis/networking.k8s.io/v1/namespaces/egov/ingresses", "application/json", ingress("a")).code()).isEqualTo(500);
        assertThat(gateway.apply(configMap("egov", "not-matched", Map.of())
                , false)).isNotNull();
        assertThat(gateway.list("networking.k8s.io/v1", "Ingress", "egov", Map.of())).isEmpty();

        gateway.apply(Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", "ingress-nginx-controller-admission", "namespace", "ingress-nginx"),
                "spec", Map.of("selector", Map.of("app", "controller"), "ports", List.of(Map.of("port", 443, "targetPort", 8443)))), false);
        assertThatThrownBy(() -> gateway.apply(ingress("a"), false)).isInstanceOf(DigitctlException.class)
                .hasMessageContaining(post + "no endpoints available for service \"ingress-nginx-controller-admission\"");

        Map<String, Object> controller = new java.util.LinkedHashMap<>(workload("Deployment", "controller",
                Map.of("containers", List.of(Map.of("name", "c", "image", "registry.k8s.io/ingress-nginx/controller:v1.11.3")))));
        controller.put("metadata", Map.of("name", "controller", "namespace", "ingress-nginx"));
        gateway.apply(controller, false);
        awaitTrue(() -> KubeObjects.number(cluster.stored("/apis/apps/v1/namespaces/ingress-nginx/deployments/controller"), "status", "readyReplicas") == 2);
        assertThatThrownBy(() -> gateway.apply(ingress("a"), false))
                .hasMessageContaining(post + "tls: failed to verify certificate: x509: certificate signed by unknown authority");

        gateway.apply(validatingWebhook(Map.of("cert-manager.io/inject-ca-from", "ingress-nginx/ingress-nginx-admission"), null), false);
        gateway.apply(ingress("a"), false);
        assertThat(cluster.stored("/apis/networking.k8s.io/v1/namespaces/egov/ingresses/a")).isNotNull();
    }

    @Test
    void aWebhookThatIgnoresFailuresNeverRefusesAndReadsAreNotAdmitted() throws Exception {
        cluster.createNamespace("egov");
        gateway.apply(validatingWebhook(Map.of(), "Ignore"), false);
        gateway.apply(ingress("a"), false);
        gateway.apply(validatingWebhook(Map.of(), "Fail"), false);
        assertThat(gateway.get("networking.k8s.io/v1", new ResourceKey("networking.k8s.io", "Ingress", "egov", "a"))).isPresent();
        assertThat(gateway.delete("networking.k8s.io/v1", new ResourceKey("networking.k8s.io", "Ingress", "egov", "a"))).isTrue();
    }
}
