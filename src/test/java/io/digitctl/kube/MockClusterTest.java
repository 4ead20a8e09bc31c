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
        gateway.apply(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "playground", "labels", Map.of("team", "a"))), false);
        assertThat(KubeObjects.at(cluster.stored("/api/v1/namespaces/playground"), "status", "phase")).isEqualTo("Active");
        assertThat(KubeObjects.labels(cluster.stored("/api/v1/namespaces/playground"))).containsEntry("team", "a");
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
        cluster.crdEstablishDelay(Duration.ZERO);
        gateway.apply(widgetCrd(), false);
        awaitTrue(() -> call("GET", widgets, null, null).code() == 200);
        assertThat(call("GET", widgets, null, null).body().get("items")).as("custom resources go with their CRD").isEqualTo(List.of());
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

    // ---- 5. controllers: workloads and the kubelet ----

    @Test
    void serverSideApplyCreatesThenReplacesAndTheControllerRollsOutThroughPods() {
        cluster.createNamespace("egov").rolloutTime(500);
        gateway.apply(deployment("egov-user", "egovio/egov-user:v1"), false);
        awaitTrue(() -> KubeObjects.number(deploymentNow("egov-user"), "status", "readyReplicas") == 2);
        List<Map<String, Object>> first = pods("egov-user");
        assertThat(first).hasSize(2).allSatisfy(p -> {
            assertThat(String.valueOf(KubeObjects.metadata(p).get("name"))).matches("egov-user-[a-z0-9]{10}-[a-z0-9]{5}");
            assertThat(KubeObjects.at(p, "status", "phase")).isEqualTo("Running");
            assertThat(KubeObjects.list(p, "metadata", "ownerReferences").get(0)).containsEntry("kind", "ReplicaSet");
            assertThat(KubeObjects.labels(p)).containsKey("pod-template-hash");
        });

        gateway.apply(deployment("egov-user", "egovio/egov-user:v2"), false);
        Map<String, Object> stored = deploymentNow("egov-user");
        assertThat(KubeObjects.number(stored, "metadata", "generation")).isEqualTo(2);
        assertThat(KubeObjects.number(stored, "status", "observedGeneration")).isEqualTo(1);
        awaitTrue(() -> KubeObjects.number(deploymentNow("egov-user"), "status", "observedGeneration") == 2
                && pods("egov-user").size() == 2 && pods("egov-user").stream().noneMatch(first::contains)
                && pods("egov-user").stream().allMatch(p -> "Running".equals(KubeObjects.at(p, "status", "phase"))));
        assertThat(pods("egov-user")).allSatisfy(p -> assertThat(KubeObjects.list(p, "spec", "containers").get(0)).containsEntry("image", "egovio/egov-user:v2"));
        assertThat(gateway.get("apps/v1", new ResourceKey("apps", "Deployment", "egov", "egov-user"))).isPresent();
        assertThat(gateway.list("apps/v1", "Deployment", null, Map.of("app", "egov-user"))).hasSize(1);
    }

    @Test
    void aPodWaitsInContainerCreatingForAMissingVolumeSecretAndStartsWhenItAppears() {
        cluster.createNamespace("egov");
        gateway.apply(workload("Deployment", "mounts", Map.of(
                "containers", List.of(Map.of("name", "app", "image", "app:1")),
                "volumes", List.of(Map.of("name", "certs", "secret", Map.of("secretName", "tls")),
                        Map.of("name", "maybe", "configMap", Map.of("name", "absent", "optional", true))))), false);
        awaitTrue(() -> pods("mounts").size() == 2);
        awaitTrue(() -> !cluster.events("egov").isEmpty());
        Map<String, Object> pod = pods("mounts").get(0);
        assertThat(KubeObjects.at(pod, "status", "phase")).isEqualTo("Pending");
        assertThat(waiting(pod, "containerStatuses")).isEqualTo(Map.of("reason", "ContainerCreating"));
        Map<String, Object> event = cluster.events("egov").get(0);
        assertThat(event).containsEntry("type", "Warning").containsEntry("reason", "FailedMount")
                .containsEntry("message", "MountVolume.SetUp failed for volume \"certs\" : secret \"tls\" not found")
                .containsKeys("count", "firstTimestamp", "lastTimestamp");
        assertThat(event.get("involvedObject")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("kind", "Pod").containsEntry("namespace", "egov").containsKey("name");
        assertThat(KubeObjects.number(deploymentNow("mounts"), "status", "readyReplicas")).isZero();

        gateway.apply(Map.of("apiVersion", "v1", "kind", "Secret", "metadata", Map.of("name", "tls", "namespace", "egov"),
                "data", Map.of("tls.crt", "eA==")), false);
        awaitTrue(() -> KubeObjects.number(deploymentNow("mounts"), "status", "readyReplicas") == 2);
        assertThat(pods("mounts")).allSatisfy(p -> assertThat(KubeObjects.at(p, "status", "phase")).isEqualTo("Running"));
    }

    @Test
    void unresolvedEnvReferencesAreCreateContainerConfigErrors() {
        cluster.createNamespace("egov");
        gateway.apply(Map.of("apiVersion", "v1", "kind", "Secret", "metadata", Map.of("name", "db", "namespace", "egov"),
                "data", Map.of("username", "dQ==")), false);
        gateway.apply(workload("Deployment", "keyless", Map.of("containers", List.of(Map.of("name", "app", "image", "app:1",
                "env", List.of(Map.of("name", "P", "valueFrom", Map.of("secretKeyRef", Map.of("name", "db", "key", "password"))))))))
                , false);
        gateway.apply(workload("Deployment", "nomap", Map.of("containers", List.of(Map.of("name", "app", "image", "app:1",
                "envFrom", List.of(Map.of("configMapRef", Map.of("name", "settings")), Map.of("secretRef", Map.of("name", "x", "optional", true))))))), false);
        awaitTrue(() -> pods("keyless").size() == 2 && pods("nomap").size() == 2);
        assertThat(waiting(pods("keyless").get(0), "containerStatuses"))
                .isEqualTo(Map.of("reason", "CreateContainerConfigError", "message", "couldn't find key password in Secret egov/db"));
        assertThat(waiting(pods("nomap").get(0), "containerStatuses"))
                .isEqualTo(Map.of("reason", "CreateContainerConfigError", "message", "configmap \"settings\" not found"));

        gateway.apply(configMap("egov", "settings", Map.of("A", "1")), false);
        awaitTrue(() -> KubeObjects.number(deploymentNow("nomap"), "status", "readyReplicas") == 2);
        assertThat(KubeObjects.number(deploymentNow("keyless"), "status", "readyReplicas")).isZero();
    }

    @Test
    void imagesThatDoNotPullAndInitContainersThatCrashKeepPodsFromStarting() {
        cluster.createNamespace("egov").failImage("broken").failInitImage("migrate-bad");
        gateway.apply(deployment("bad", "egovio/bad:broken"), false);
        gateway.apply(workload("StatefulSet", "db", Map.of(
                "initContainers", List.of(Map.of("name", "migrate", "image", "egovio/migrate-bad:1")),
                "containers", List.of(Map.of("name", "db", "image", "postgres:16")))), false);
        awaitTrue(() -> pods("bad").size() == 2 && pods("db").size() == 2);
        assertThat(waiting(pods("bad").get(0), "containerStatuses"))
                .isEqualTo(Map.of("reason", "ImagePullBackOff", "message", "Back-off pulling image \"egovio/bad:broken\""));
        Map<String, Object> db0 = cluster.stored("/api/v1/namespaces/egov/pods/db-0");
        Map<String, Object> init = KubeObjects.list(db0, "status", "initContainerStatuses").get(0);
        assertThat(KubeObjects.at(init, "state", "waiting", "reason")).isEqualTo("CrashLoopBackOff");
        assertThat(KubeObjects.at(init, "lastState", "terminated")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("exitCode", 1).containsEntry("reason", "Error");
        assertThat(KubeObjects.number(init, "restartCount")).isGreaterThanOrEqualTo(1);
        assertThat(waiting(db0, "containerStatuses")).isEqualTo(Map.of("reason", "PodInitializing"));
        assertThat(cluster.stored("/api/v1/namespaces/egov/pods/db-1")).isNotNull();
        Map<String, Object> sts = cluster.stored("/apis/apps/v1/namespaces/egov/statefulsets/db");
        assertThat(KubeObjects.number(sts, "status", "readyReplicas")).isZero();
        assertThat(KubeObjects.at(sts, "status", "updateRevision")).asString().startsWith("db-");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeploymentThatCannotStartExceedsItsProgressDeadline() {
        cluster.createNamespace("egov").failImage("broken");
        Map<String, Object> d = KubeObjects.copy(deployment("stuck", "app:broken"));
        ((Map<String, Object>) d.get("spec")).put("progressDeadlineSeconds", 1);
        gateway.apply(d, false);
        awaitTrue(() -> String.valueOf(condition(deploymentNow("stuck"), "Progressing")).startsWith("False/"));
        assertThat(condition(deploymentNow("stuck"), "Progressing")).matches("False/ProgressDeadlineExceeded/ReplicaSet \"stuck-\\w+\" has timed out progressing.");
    }

    @Test
    void aDaemonSetRunsOnePodOnTheOneNode() {
        cluster.createNamespace("egov");
        gateway.apply(workload("DaemonSet", "agent", Map.of("containers", List.of(Map.of("name", "a", "image", "fluent-bit:3")))), false);
        awaitTrue(() -> KubeObjects.number(cluster.stored("/apis/apps/v1/namespaces/egov/daemonsets/agent"), "status", "numberAvailable") == 1);
        Map<String, Object> ds = cluster.stored("/apis/apps/v1/namespaces/egov/daemonsets/agent");
        assertThat(KubeObjects.number(ds, "status", "desiredNumberScheduled")).isEqualTo(1);
        assertThat(KubeObjects.number(ds, "status", "updatedNumberScheduled")).isEqualTo(1);
        assertThat(pods("agent")).hasSize(1);
    }

    @Test
    void noPodIsMadeForAServiceAccountThatDoesNotExistUntilItDoes() throws Exception {
        cluster.createNamespace("egov");
        gateway.apply(workload("DaemonSet", "agent", Map.of("serviceAccountName", "agent-sa",
                "containers", List.of(Map.of("name", "a", "image", "fluent-bit:3")))), false);
        Thread.sleep(600);
        assertThat(pods("agent")).as("pods \"agent-x\" is forbidden: error looking up service account egov/agent-sa").isEmpty();

        gateway.apply(Map.of("apiVersion", "v1", "kind", "ServiceAccount", "metadata", Map.of("name", "agent-sa", "namespace", "egov")), false);

        awaitTrue(() -> KubeObjects.number(cluster.stored("/apis/apps/v1/namespaces/egov/daemonsets/agent"), "status", "numberAvailable") == 1);
        assertThat(pods("agent")).hasSize(1);
    }

    // ---- 5. controllers: Jobs ----

    static Map<String, Object> job(String name, String image, List<String> args) {
        Map<String, Object> container = new java.util.LinkedHashMap<>();
        container.put("name", "main");
        container.put("image", image);
        container.put("args", args);
        container.put("env", List.of(Map.of("name", "POD_NAMESPACE", "valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.namespace")))));
        return Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata", Map.of("name", name, "namespace", "egov"),
                "spec", Map.of("template", Map.of("metadata", Map.of("labels", Map.of("app", name)),
                        "spec", Map.of("restartPolicy", "OnFailure", "containers", List.of(container)))));
    }

    Map<String, Object> jobNow(String name) {
        return cluster.stored("/apis/batch/v1/namespaces/egov/jobs/" + name);
    }

    static String condition(Map<String, Object> object, String type) {
        return KubeObjects.list(object, "status", "conditions").stream().filter(c -> type.equals(c.get("type")))
                .map(c -> c.get("status") + "/" + c.get("reason") + "/" + c.get("message")).findFirst().orElse(null);
    }

    @Test
    void jobsCompleteOrFailAfterTheirBackoffLimitAndAreImmutable() {
        cluster.createNamespace("egov").failJobImage("crash");
        gateway.apply(job("ok", "busybox:1", List.of("true")), false);
        gateway.apply(job("bad", "crash:1", List.of("false")), false);
        awaitTrue(() -> condition(jobNow("ok"), "Complete") != null && condition(jobNow("bad"), "Failed") != null);
        assertThat(KubeObjects.number(jobNow("ok"), "status", "succeeded")).isEqualTo(1);
        assertThat(KubeObjects.at(jobNow("ok"), "status", "completionTime")).isNotNull();
        assertThat(condition(jobNow("bad"), "Failed")).isEqualTo("True/BackoffLimitExceeded/Job has reached the specified backoff limit");
        assertThat(KubeObjects.number(jobNow("bad"), "status", "failed")).isEqualTo(7);
        Map<String, Object> badPod = pods("bad").get(0);
        assertThat(KubeObjects.at(KubeObjects.list(badPod, "status", "containerStatuses").get(0), "state", "terminated"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("exitCode", 1).containsEntry("reason", "Error");

        for (boolean dryRun : List.of(true, false)) {
            assertThatThrownBy(() -> gateway.apply(job("ok", "busybox:2", List.of("true")), dryRun))
                    .hasMessageContaining("(422)").hasMessageContaining("Job.batch \"ok\" is invalid: spec.template: Invalid value:")
                    .hasMessageContaining("field is immutable");
        }
        gateway.apply(job("ok", "busybox:1", List.of("true")), false);
    }

    @Test
    void aJobThatCannotStartKeepsRunning() {
        cluster.createNamespace("egov");
        Map<String, Object> j = job("waits", "busybox:1", List.of("true"));
        Map<String, Object> spec = KubeObjects.copy(j);
        @SuppressWarnings("unchecked")
        Map<String, Object> podSpec = (Map<String, Object>) KubeObjects.at(spec, "spec", "template", "spec");
        podSpec.put("volumes", List.of(Map.of("name", "cfg", "configMap", Map.of("name", "later"))));
        gateway.apply(spec, false);
        awaitTrue(() -> KubeObjects.number(jobNow("waits"), "status", "active") == 1);
        assertThat(condition(jobNow("waits"), "Complete")).isNull();
        gateway.apply(configMap("egov", "later", Map.of()), false);
        awaitTrue(() -> condition(jobNow("waits"), "Complete") != null);
    }

    @Test
    void theIngressNginxCertgenJobsCreateTheSecretAndPatchTheWebhook() {
        cluster.createNamespace("egov");
        gateway.apply(validatingWebhook(Map.of(), null), false);
        String image = "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4";
        gateway.apply(job("patch-early", image, List.of("patch", "--webhook-name=ingress-nginx-admission", "--namespace=$(POD_NAMESPACE)",
                "--patch-mutating=false", "--secret-name=ingress-nginx-admission", "--patch-failure-policy=Fail")), false);
        awaitTrue(() -> condition(jobNow("patch-early"), "Failed") != null);

        gateway.apply(job("create", image, List.of("create", "--host=a,a.egov.svc", "--namespace", "$(POD_NAMESPACE)",
                "--secret-name", "ingress-nginx-admission")), false);
        awaitTrue(() -> condition(jobNow("create"), "Complete") != null);
        Map<String, Object> secret = cluster.stored("/api/v1/namespaces/egov/secrets/ingress-nginx-admission");
        assertThat(KubeObjects.at(secret, "data")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKeys("ca", "cert", "key");

        gateway.apply(job("patch", image, List.of("patch", "--webhook-name=ingress-nginx-admission", "--namespace=$(POD_NAMESPACE)",
                "--patch-mutating=false", "--secret-name=ingress-nginx-admission", "--patch-failure-policy=Fail")), false);
        awaitTrue(() -> condition(jobNow("patch"), "Complete") != null);
        Map<String, Object> webhook = cluster.stored("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/ingress-nginx-admission");
        assertThat(KubeObjects.at(KubeObjects.list(webhook, "webhooks").get(0), "clientConfig", "caBundle"))
                .isEqualTo(KubeObjects.at(secret, "data", "ca"));
        assertThat(new String(Base64.getDecoder().decode(String.valueOf(KubeObjects.at(secret, "data", "ca"))))).isNotEmpty();
    }

    // ---- 6. dry run, 7. generation, 8. faults ----

    @Test
    void dryRunStoresNothingOnAnyVerbAndBadBodiesAreRejected() throws Exception {
        cluster.createNamespace("egov");
        Map<String, Object> result = gateway.apply(deployment("x", "img:1"), true);
        assertThat(KubeObjects.key(result).name()).isEqualTo("x");
        assertThat(cluster.stored("/apis/apps/v1/namespaces/egov/deployments/x")).isNull();

        String cms = "/api/v1/namespaces/egov/configmaps";
        assertThat(call("POST", cms + "?dryRun=All", "application/json", configMap("egov", "c", Map.of("a", "1"))).code()).isEqualTo(201);
        assertThat(cluster.stored(cms + "/c")).isNull();
        gateway.apply(configMap("egov", "c", Map.of("a", "1")), false);
        String rv = String.valueOf(KubeObjects.at(cluster.stored(cms + "/c"), "metadata", "resourceVersion"));
        Answer put = call("PUT", cms + "/c?dryRun=All", "application/json", configMap("egov", "c", Map.of("a", "2")));
        Answer merge = call("PATCH", cms + "/c?dryRun=All", "application/merge-patch+json", Map.of("data", Map.of("a", "3")));
        Answer jsonPatch = call("PATCH", cms + "/c?dryRun=All", "application/json-patch+json", List.of(Map.of("op", "replace", "path", "/data/a", "value", "4")));
        Answer delete = call("DELETE", cms + "/c?dryRun=All", null, null);
        assertThat(List.of(put, merge, jsonPatch, delete)).extracting(Answer::code).containsOnly(200);
        assertThat(KubeObjects.at(merge.body(), "data", "a")).isEqualTo("3");
        assertThat(KubeObjects.at(jsonPatch.body(), "data", "a")).isEqualTo("4");
        Map<String, Object> after = cluster.stored(cms + "/c");
        assertThat(KubeObjects.at(after, "data", "a")).isEqualTo("1");
        assertThat(KubeObjects.at(after, "metadata", "resourceVersion")).hasToString(rv);

        assertThatThrownBy(() -> gateway.apply(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("namespace", "egov")), false))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void generationMovesOnlyWithTheSpecAndAnIdenticalApplyChangesNothing() throws Exception {
        cluster.createNamespace("egov").rolloutTime(60_000);
        gateway.apply(deployment("g", "img:1"), false);
        String path = "/apis/apps/v1/namespaces/egov/deployments/g";
        assertThat(KubeObjects.number(cluster.stored(path), "metadata", "generation")).isEqualTo(1);
        String rv = String.valueOf(KubeObjects.at(cluster.stored(path), "metadata", "resourceVersion"));
        gateway.apply(deployment("g", "img:1"), false);
        assertThat(KubeObjects.at(cluster.stored(path), "metadata", "resourceVersion")).hasToString(rv);

        assertThat(call("PATCH", path, "application/merge-patch+json", Map.of("metadata", Map.of("labels", Map.of("x", "y")))).code()).isLessThan(300);
        assertThat(KubeObjects.number(cluster.stored(path), "metadata", "generation")).isEqualTo(1);
        assertThat(KubeObjects.at(cluster.stored(path), "metadata", "resourceVersion")).asString().isNotEqualTo(rv);
        gateway.apply(deployment("g", "img:2"), false);
        assertThat(KubeObjects.number(cluster.stored(path), "metadata", "generation")).isEqualTo(2);

        gateway.apply(configMap("egov", "c", Map.of("a", "1")), false);
        gateway.apply(configMap("egov", "c", Map.of("a", "2")), false);
        assertThat(KubeObjects.number(cluster.stored("/api/v1/namespaces/egov/configmaps/c"), "metadata", "generation")).isEqualTo(1);
    }

    @Test
    void injectedFaultsAreRetried() {
        cluster.createNamespace("egov");
        cluster.fail("GET", "/namespaces/egov/configmaps/c", 500, 1);
        gateway.apply(configMap("egov", "c", Map.of("a", "b")), false);
        assertThat(gateway.get("v1", new ResourceKey("", "ConfigMap", "egov", "c"))).isPresent();

        cluster.fail("GET", "/namespaces/egov/configmaps/c", 500, 10);
        assertThatThrownBy(() -> gateway.get("v1", new ResourceKey("", "ConfigMap", "egov", "c")))
                .isInstanceOf(DigitctlException.class).hasMessageContaining("the API server failed (500)");
    }

    @Test
    void aWildcardMutatingWebhookGuardsEveryWriteOfItsGroupDeleteIncludedAndAGoneWorkloadTakesItsPods() throws Exception {
        cluster.createNamespace("egov");
        gateway.apply(deployment("gone", "img:1"), false);
        awaitTrue(() -> pods("gone").size() == 2);
        gateway.apply(configMap("egov", "c", Map.of()), false);
        gateway.apply(Map.of("apiVersion", "admissionregistration.k8s.io/v1", "kind", "MutatingWebhookConfiguration",
                "metadata", Map.of("name", "inject"), "webhooks", List.of(Map.of("name", "inject.example.io",
                        "rules", List.of(Map.of("apiGroups", List.of(""), "apiVersions", List.of("*"), "operations", List.of("*"),
                                "resources", List.of("*"), "scope", "Namespaced")),
                        "clientConfig", Map.of("service", Map.of("name", "injector", "namespace", "default", "port", 8443)),
                        "sideEffects", "None", "admissionReviewVersions", List.of("v1")))), false);

        String refusal = "Internal error occurred: failed calling webhook \"inject.example.io\": failed to call webhook: "
                + "Post \"https://injector.default.svc:8443?timeout=10s\": service \"injector\" not found";
        assertThat(call("DELETE", "/api/v1/namespaces/egov/configmaps/c", null, null).body()).containsEntry("message", refusal);
        assertThat(call("PUT", "/api/v1/namespaces/egov/configmaps/c", "application/json", configMap("egov", "c", Map.of("a", "b"))).body())
                .containsEntry("message", refusal);
        assertThat(gateway.get("v1", new ResourceKey("", "ConfigMap", "egov", "c"))).isPresent();
        gateway.apply(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "cluster-scoped-is-not-matched")), false);

        assertThat(gateway.delete("apps/v1", new ResourceKey("apps", "Deployment", "egov", "gone"))).isTrue();
        awaitTrue(() -> pods("gone").isEmpty() && cluster.storedList("/apis/apps/v1/namespaces/egov/replicasets").isEmpty());

        assertThat(gateway.delete("v1", new ResourceKey("", "Namespace", "", "egov"))).isTrue();
        assertThat(cluster.storedList("/api/v1/namespaces/egov/configmaps")).as("a namespace takes its content").isEmpty();
        assertThat(call("POST", "/api/v1/namespaces/egov/configmaps", "application/json", configMap("egov", "c", Map.of())).code()).isEqualTo(404);
    }
}
