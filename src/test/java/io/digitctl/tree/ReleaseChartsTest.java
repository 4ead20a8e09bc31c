package io.digitctl.tree;

import io.digitctl.model.ReleaseChart;
import io.digitctl.model.ReleaseModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseChartsTest {

    @TempDir
    Path root;

    @Test
    void listsBothSpellingsInNaturalVersionOrder() {
        write(root, "DIGIT/dependancy_chart-digit-v2.9.yaml", "modules: []\n");
        write(root, "DIGIT/dependancy_chart-digit-v2.10.yaml", "modules: []\n");
        write(root, "DIGIT/dependency_chart-digit-core-v2.9.yaml", "modules: []\n");
        write(root, "DIGIT/notes.yaml", "not a release\n");
        write(root, "Urban/dependancy_chart-urban-v2.0.yml", "modules: []\n");

        assertThat(new ReleaseCharts(root).list())
                .extracting(f -> f.product() + " " + f.version())
                .containsExactly("DIGIT digit-core-v2.9", "DIGIT digit-v2.9", "DIGIT digit-v2.10", "Urban urban-v2.0");
    }

    @Test
    void parsesModulesWithLines() {
        write(root, "P/dependency_chart-p-v1.yaml", """
                version: v1
                modules:
                  - name: core
                    services:
                      - egovio/egov-user:v1
                      - redis
                  - name: m_pgr
                    dependencies: [core]
                    services:
                      - egovio/pgr-services-db:v2
                """);

        ReleaseChart release = new ReleaseCharts(root).load("P", "p-v1");

        assertThat(release.moduleNames()).containsExactly("core", "m_pgr");
        ReleaseModule core = release.module("core").orElseThrow();
        assertThat(core.line()).isEqualTo(3);
        assertThat(core.images()).extracting(i -> i.image().serviceName() + "@" + i.line())
                .containsExactly("egov-user@5", "redis@6");
        ReleaseModule pgr = release.module("m_pgr").orElseThrow();
        assertThat(pgr.isFeature()).isTrue();
        assertThat(core.isFeature()).isFalse();
        assertThat(pgr.dependencies()).containsExactly("core");
    }

    @Test
    void invalidYamlNamesFileAndLine() {
        Path file = write(root, "P/dependency_chart-p-v1.yaml", """
                modules:
                  - name: core
                    services:
                      - a
                   - name: broken
                """);

        assertThatThrownBy(() -> new ReleaseCharts(root).load("P", "p-v1"))
                .isInstanceOfSatisfying(YamlSyntaxException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.line()).isEqualTo(5);
                })
                .hasMessageContaining(file + ":5: invalid YAML");
    }

    @Test
    void structuralErrorsNameTheLine() {
        write(root, "P/dependency_chart-p-v1.yaml", """
                modules:
                  - name: core
                    services:
                      - egovio/Bad_Name:v1
                """);

        assertThatThrownBy(() -> new ReleaseCharts(root).load("P", "p-v1"))
                .isInstanceOfSatisfying(TreeFileException.class, e -> assertThat(e.line()).isEqualTo(4))
                .hasMessageContaining("module 'core'")
                .hasMessageContaining("Invalid image reference 'egovio/Bad_Name:v1'");
    }

    @Test
    void unknownProductOrVersionListsWhatExists() {
        write(root, "DIGIT/dependency_chart-digit-v1.yaml", "modules: []\n");

        assertThatThrownBy(() -> new ReleaseCharts(root).find("Urban", "v1"))
                .hasMessageContaining("No product 'Urban'").hasMessageContaining("Products found: DIGIT");
        assertThatThrownBy(() -> new ReleaseCharts(root).find("DIGIT", "digit-v9"))
                .hasMessageContaining("no release 'digit-v9'").hasMessageContaining("Versions found: digit-v1");
    }
}
