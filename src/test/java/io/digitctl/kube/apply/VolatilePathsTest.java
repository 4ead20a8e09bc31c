package io.digitctl.kube.apply;

import io.digitctl.model.DigitctlException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolatilePathsTest {

    @Test
    void pathsAreDottedWithBracketsForKeysThatHoldDotsOrSlashes() {
        assertThat(VolatilePaths.parse("spec.template.metadata.annotations[deployment-timestamp]"))
                .containsExactly("spec", "template", "metadata", "annotations", "deployment-timestamp");
        assertThat(VolatilePaths.parse("metadata.annotations[kubectl.kubernetes.io/restartedAt]"))
                .containsExactly("metadata", "annotations", "kubectl.kubernetes.io/restartedAt");
        assertThat(VolatilePaths.parse("a[b.c].d")).containsExactly("a", "b.c", "d");
        for (String bad : List.of("", "a..b", ".a", "a[b", "a[b]c")) {
            assertThatThrownBy(() -> VolatilePaths.parse(bad)).as(bad).isInstanceOf(DigitctlException.class).hasMessageContaining("is not a path");
        }
    }

    private static Map<String, Object> deployment(String stamp, String image) {
        return Map.of("kind", "Deployment", "spec", Map.of("template", Map.of(
                "metadata", Map.of("annotations", Map.of("deployment-timestamp", stamp)),
                "spec", Map.of("containers", List.of(Map.of("name", "app", "image", image))))));
    }

    @Test
    void liveStampsAreKeptStrippedForComparisonAndRenewedForARestart() {
        VolatilePaths paths = VolatilePaths.with(List.of());
        Map<String, Object> live = deployment("20260101000000", "a:1");
        Map<String, Object> kept = paths.keepLive(deployment("20261126100000", "a:2"), live);

        assertThat(io.digitctl.kube.KubeObjects.at(kept, "spec", "template", "metadata", "annotations", "deployment-timestamp")).isEqualTo("20260101000000");
        assertThat(io.digitctl.kube.KubeObjects.at(kept, "spec", "template", "spec", "containers")).asString().contains("a:2");
        assertThat(paths.stripped(deployment("x", "a:1"))).isEqualTo(paths.stripped(deployment("y", "a:1")));
        java.time.LocalDateTime noon = java.time.LocalDateTime.of(2026, 11, 26, 12, 0, 0);
        assertThat(io.digitctl.kube.KubeObjects.at(VolatilePaths.restamped(live, live, noon),
                "spec", "template", "metadata", "annotations", "deployment-timestamp")).isEqualTo("20261126120000");
        assertThat(io.digitctl.kube.KubeObjects.at(VolatilePaths.restamped(live, deployment("20261126120000", "a:1"), noon),
                "spec", "template", "metadata", "annotations", "deployment-timestamp")).as("rendered in the same second").isEqualTo("20261126120001");
        assertThat(io.digitctl.kube.KubeObjects.at(VolatilePaths.restamped(live, deployment("20261126120000", "a:1"), noon.plusNanos(600_000_000)),
                "spec", "template", "metadata", "annotations", "deployment-timestamp")).as("later in the same second").isEqualTo("20261126120001");
        Map<String, Object> noStamp = Map.of("kind", "Deployment", "spec", Map.of("template", Map.of("spec", Map.of())));
        assertThat(io.digitctl.kube.KubeObjects.at(VolatilePaths.restamped(noStamp, null, noon),
                "spec", "template", "metadata", "annotations", "digitctl.io/restarted-at")).isEqualTo("20261126120000");
    }

    @Test
    void aLiveObjectCoversWhatWasRenderedDespiteServerDefaultsAndSpelling() {
        Map<String, Object> desired = Map.of("kind", "Service", "spec", Map.of("ports", List.of(Map.of("port", 8080))));
        Map<String, Object> live = Map.of("kind", "Service", "metadata", Map.of("uid", "u"),
                "spec", Map.of("ports", List.of(Map.of("port", "8080", "protocol", "TCP")), "clusterIP", "10.0.0.1"));
        assertThat(LiveMatch.covers(desired, live)).isTrue();
        assertThat(LiveMatch.covers(Map.of("kind", "Service", "spec", Map.of("ports", List.of(Map.of("port", 9090)))), live)).isFalse();
        assertThat(LiveMatch.covers(Map.of("kind", "Secret", "stringData", Map.of("password", "p")),
                Map.of("kind", "Secret", "data", Map.of("password", "cA==")))).isTrue();
        assertThat(LiveMatch.covers(Map.of("kind", "Secret", "stringData", Map.of("password", "q")),
                Map.of("kind", "Secret", "data", Map.of("password", "cA==")))).isFalse();
        assertThat(LiveMatch.covers(desired, null)).isFalse();
    }
}
