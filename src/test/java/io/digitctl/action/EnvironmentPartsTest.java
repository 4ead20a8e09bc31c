package io.digitctl.action;

import io.digitctl.tree.Environment;
import io.digitctl.tree.YamlDocument;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure parts of the environment commands: drift's projection, notification URLs, soak times. */
class EnvironmentPartsTest {

    @Test
    void driftComparesOnlyTheFieldsThatWereApplied() {
        Map<String, Object> applied = Map.of("spec", Map.of("replicas", 2, "template", Map.of("spec",
                Map.of("containers", List.of(Map.of("name", "app", "image", "egovio/egov-user:v1"))))));
        Map<String, Object> live = Map.of("status", Map.of("readyReplicas", 5), "spec", Map.of("replicas", 5, "strategy", Map.of("type", "RollingUpdate"),
                "template", Map.of("spec", Map.of("dnsPolicy", "ClusterFirst",
                        "containers", List.of(Map.of("name", "app", "image", "egovio/egov-user:v2", "imagePullPolicy", "IfNotPresent"))))));
        assertThat(DriftAction.project(applied, live)).isEqualTo(Map.of("spec", Map.of("replicas", 5, "template", Map.of("spec",
                Map.of("containers", List.of(Map.of("name", "app", "image", "egovio/egov-user:v2")))))));
        assertThat(DriftAction.project(Map.of("port", 8080), Map.of("port", 8080L))).isEqualTo(Map.of("port", 8080));
    }

    @Test
    void notificationUrlsComeFromTheCommandLineAndTheEnvFile() {
        Environment one = new Environment("uat", null, YamlDocument.parse(null, "digitctl:\n  notify: https://hooks.example.org/a\n"), null);
        Environment list = new Environment("uat", null, YamlDocument.parse(null,
                "digitctl:\n  notify: [https://hooks.example.org/a, https://hooks.example.org/b]\n"), null);
        Environment none = new Environment("uat", null, YamlDocument.parse(null, "global: {}\n"), null);
        assertThat(Notifier.urls(List.of("https://x.example.org/h"), one)).containsExactly("https://x.example.org/h", "https://hooks.example.org/a");
        assertThat(Notifier.urls(List.of(), list)).containsExactly("https://hooks.example.org/a", "https://hooks.example.org/b");
        assertThat(Notifier.urls(List.of(), none)).isEmpty();
        assertThat(Notifier.redacted("https://hooks.slack.com/services/T0/B0/secret")).isEqualTo("https://hooks.slack.com/…").doesNotContain("secret");
    }

    @Test
    void soakTimesReadAsPeopleWriteThem() {
        assertThat(PromoteAction.human(java.time.Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(PromoteAction.human(java.time.Duration.ofSeconds(135))).isEqualTo("2m15s");
        assertThat(PromoteAction.human(java.time.Duration.ofHours(24))).isEqualTo("24h");
    }
}
