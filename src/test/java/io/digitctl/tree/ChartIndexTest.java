package io.digitctl.tree;

import io.digitctl.model.DigitctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartIndexTest {

    @TempDir
    Path charts;

    @Test
    void foldersWithValuesAndServiceValuesFilesAreServices() {
        write(charts, "core/egov-mdms-service/values.yaml", "a: 1\n");
        write(charts, "core/egov-user/egov-user-values.yaml", "a: 1\n");
        write(charts, "core/egov-user/egov-user-enc-values.yaml", "a: 1\n");
        write(charts, "core/egov-user/templates/values.yaml.txt", "not a values file\n");

        ChartIndex index = ChartIndex.scan(charts);

        assertThat(index.entries()).extracting(ChartEntry::service)
                .containsExactly("egov-mdms-service", "egov-user", "egov-user-enc");
        ChartEntry enc = index.find("egov-user-enc").orElseThrow();
        assertThat(enc.chartDir()).isEqualTo(charts.resolve("core/egov-user"));
        assertThat(enc.serviceValues()).isEqualTo(charts.resolve("core/egov-user/egov-user-enc-values.yaml"));
        assertThat(index.find("egov-mdms-service").orElseThrow().serviceValues()).isNull();
        assertThat(index.duplicates()).isEmpty();
    }

    @Test
    void aDuplicateNameIsAnErrorNamingBothFolders() {
        write(charts, "core/egov-user/values.yaml", "a: 1\n");
        write(charts, "legacy/old-user/egov-user-values.yaml", "a: 1\n");

        ChartIndex index = ChartIndex.scan(charts);

        assertThat(index.duplicates()).hasSize(1);
        assertThatThrownBy(index::requireNoDuplicates)
                .isInstanceOf(DigitctlException.class)
                .hasMessageContaining("'egov-user' is defined twice")
                .hasMessageContaining(charts.resolve("core/egov-user").toString())
                .hasMessageContaining(charts.resolve("legacy/old-user/egov-user-values.yaml").toString());
    }

    @Test
    void aMissingChartsFolderSaysWhatToPointAt() {
        assertThatThrownBy(() -> ChartIndex.scan(charts.resolve("nope")))
                .hasMessageContaining("No charts folder at")
                .hasMessageContaining("--helm-dir");
    }
}
