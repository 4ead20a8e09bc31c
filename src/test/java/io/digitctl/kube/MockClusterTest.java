package io.digitctl.kube;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fixture itself: SSA, validation, discovery-backed generic access, the controller. */
class MockClusterTest {
    final MockCluster cluster = new MockCluster().rolloutTime(50);
    final Fabric8Gateway gateway = cluster.gateway();

    @AfterEach
    void stop() {
        gateway.close();
        cluster.close();
    }

    static Map<String, Object> deployment(String name, String image) {
        return Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", name, "namespace", "egov", "labels", Map.of("app", name)),
                "spec", Map.of("replicas", 2, "selector", Map.of("matchLabels", Map.of("app", name)),
                        "template", Map.of("metadata", Map.of("labels", Map.of("app", name)),
                                "spec", Map.of("containers", List.of(Map.of("name", name, "image", image))))));
    }

    @Test
    void serverSideApplyCreatesThenReplacesAndTheControllerRollsOut() {
        gateway.apply(deployment("egov-user", "egovio/egov-user:v1"), false);
        await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                KubeObjects.number(cluster.stored("/apis/apps/v1/namespaces/egov/deployments/egov-user"), "status", "readyReplicas") == 2);

        gateway.apply(deployment("egov-user", "egovio/egov-user:v2"), false);
        Map<String, Object> stored = cluster.stored("/apis/apps/v1/namespaces/egov/deployments/egov-user");
        assertThat(KubeObjects.number(stored, "metadata", "generation")).isEqualTo(2);
        assertThat(KubeObjects.number(stored, "status", "observedGeneration")).isEqualTo(1);
        assertThat(gateway.get("apps/v1", new ResourceKey("apps", "Deployment", "egov", "egov-user"))).isPresent();
        assertThat(gateway.list("apps/v1", "Deployment", null, Map.of("app", "egov-user"))).hasSize(1);
    }

    @Test
    void dryRunStoresNothingAndBadBodiesAreRejected() {
        Map<String, Object> result = gateway.apply(deployment("x", "img:1"), true);
        assertThat(KubeObjects.key(result).name()).isEqualTo("x");
        assertThat(cluster.stored("/apis/apps/v1/namespaces/egov/deployments/x")).isNull();

        assertThatThrownBy(() -> gateway.apply(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("namespace", "egov")), false))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void injectedFaultsAreRetriedAndImagesCanFail() {
        cluster.fail("GET", "/namespaces/egov/configmaps/c", 500, 1);
        gateway.apply(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "c", "namespace", "egov"),
                "data", Map.of("a", "b")), false);
        assertThat(gateway.get("v1", new ResourceKey("", "ConfigMap", "egov", "c"))).isPresent();

        cluster.fail("GET", "/namespaces/egov/configmaps/c", 500, 10);
        assertThatThrownBy(() -> gateway.get("v1", new ResourceKey("", "ConfigMap", "egov", "c")))
                .isInstanceOf(DigitctlException.class).hasMessageContaining("the API server failed (500)");

        cluster.failImage("broken");
        gateway.apply(deployment("bad", "egovio/bad:broken"), false);
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !cluster.storedList("/api/v1/namespaces/egov/pods").isEmpty());
    }
}
