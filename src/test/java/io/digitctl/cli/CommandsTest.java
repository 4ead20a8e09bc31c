package io.digitctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.TestTrees;
import io.digitctl.model.BuildInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

class CommandsTest {

    private static final String HELM = TestTrees.examples().toString();

    @TempDir
    Path tmp;

    @Test
    void versionNamesTheToolAndItsHelm() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("digitctl " + BuildInfo.version()).contains("helm-java 0.0.19");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy", "diff", "status", "history", "rollback", "compare", "promote", "drift", "validate", "release", "release list", "release show",
            "release pin", "secrets", "secrets decrypt", "secrets encrypt", "secrets edit", "secrets rotate", "build", "version",
            "version next", "version tag", "bench"})
    void everyCommandHasHelpWithExamples(String command) {
        String[] args = (command + " --help").split(" ");
        CliRun run = CliRun.of(args);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: digitctl " + command).contains("Example");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of();
        assertThat(run.exit()).isEqualTo(64);
        assertThat(run.err()).contains("Name a command");
    }

    @Test
    void releaseListAndShow() {
        CliRun list = CliRun.of("release", "list", "--helm-dir", HELM);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).isEqualTo("Demo: demo-v0.9, demo-v1.0\n");

        CliRun show = CliRun.of("release", "show", "--helm-dir", HELM, "-s", "Demo", "-v", "demo-v1.0");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("Default modules (m_*): m_pgr")
                .containsSubsequence("level 1", "module core", "egov-user", "v1.2.8-9fde481-19",
                        "level 2", "module business (needs core)", "level 3", "module m_pgr (needs core, business)",
                        "pgr-services", "[migration image]")
                .doesNotContain("NO CHART");
    }

    @Test
    void validateAcceptsTheExampleTree() {
        CliRun run = CliRun.of("validate", "--helm-dir", HELM, "-e", "dev");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("valid: 0 errors").contains("environments: dev");
    }

    @Test
    void validateReportsEachProblemWithFileAndLineAndExitsNonZero() throws Exception {
        Path helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        write(helm, "environments/dev.yaml", "global:\n  domain: x\negov-usr:\n  replicas: 1\n");
        write(helm, "charts/core-services/egov-idgen/values.yaml", "image:\n  repository: [x\n");
        write(helm, "charts/legacy/egov-user-old/egov-user-values.yaml", "a: 1\n");
        write(helm, "product-release-charts/Demo/dependency_chart-demo-v2.0.yaml", """
                modules:
                  - name: a
                    dependencies: [b]
                    services: [egov-user:v1]
                  - name: b
                    dependencies: [a]
                    services: [kafka-v2:v1]
                  - name: m_c
                    dependencies: [nope]
                    services: [pgr-services:v1]
                """);

        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString(), "-o", "json");

        assertThat(run.exit()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.get("findings")).anySatisfy(f -> {
            assertThat(f.get("code").asText()).isEqualTo("yaml-syntax");
            assertThat(f.get("file").asText()).endsWith("egov-idgen/values.yaml");
            assertThat(f.get("line").asInt()).isEqualTo(3);
        }).anySatisfy(f -> {
            assertThat(f.get("code").asText()).isEqualTo("duplicate-chart");
            assertThat(f.get("message").asText()).contains("'egov-user' is defined twice");
        }).anySatisfy(f -> {
            assertThat(f.get("code").asText()).isEqualTo("unknown-env-key");
            assertThat(f.get("severity").asText()).isEqualTo("warning");
            assertThat(f.get("line").asInt()).isEqualTo(3);
            assertThat(f.get("message").asText()).contains("'egov-usr'").contains("Did you mean 'egov-user'?");
        }).anySatisfy(f -> {
            assertThat(f.get("code").asText()).isEqualTo("missing-chart");
            assertThat(f.get("line").asInt()).isEqualTo(7);
            assertThat(f.get("message").asText()).contains("'kafka-v2'");
        }).anySatisfy(f -> {
            assertThat(f.get("code").asText()).isEqualTo("unknown-dependency");
            assertThat(f.get("line").asInt()).isEqualTo(8);
        });

        CliRun text = CliRun.of("validate", "--helm-dir", helm.toString());
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("ERROR   " + helm.resolve("charts/core-services/egov-idgen/values.yaml") + ":3: invalid YAML")
                .contains("invalid: ");
    }

    @Test
    void validateFindsACycle() {
        Path helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        write(helm, "product-release-charts/Demo/dependency_chart-demo-v2.0.yaml", """
                modules:
                  - name: a
                    dependencies: [m_b]
                    services: [egov-user:v1]
                  - name: m_b
                    dependencies: [a]
                    services: [pgr-services:v1]
                """);
        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("dependency_chart-demo-v2.0.yaml:2: modules depend on each other in a cycle: a (line 2) -> m_b (line 5) -> a");
    }
}
