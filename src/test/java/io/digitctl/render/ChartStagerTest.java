package io.digitctl.render;

import io.digitctl.model.DigitctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartStagerTest {

    @TempDir
    Path root;
    @TempDir
    Path cache;

    private Path service() {
        write(root, "charts/common/Chart.yaml", "apiVersion: v2\nname: common\ntype: library\nversion: 0.1.0\n");
        write(root, "charts/common/templates/_x.tpl", "{{- define \"x\" -}}x{{- end -}}\n");
        write(root, "charts/core/svc/Chart.yaml", """
                apiVersion: v2
                name: svc
                version: 0.1.0
                dependencies:
                  - name: common
                    version: 0.1.0
                    repository: file://../../common
                """);
        write(root, "charts/core/svc/values.yaml", "a: 1\n");
        // what an earlier `helm dependency update` left behind: replaced, not copied beside ours
        write(root, "charts/core/svc/charts/common-0.0.1.tgz", "stale");
        return root.resolve("charts/core/svc");
    }

    @Test
    void aStagedCopyHoldsTheLocalDependencyAndIsReusedWhileTheContentIsTheSame() throws Exception {
        Path chart = service();

        Path staged = new ChartStager(cache).stage(chart);

        assertThat(staged).startsWith(cache);
        assertThat(staged.resolve("charts/common/templates/_x.tpl")).exists();
        assertThat(staged.resolve("charts/common-0.0.1.tgz")).doesNotExist();
        assertThat(staged.resolve("values.yaml")).hasContent("a: 1");
        assertThat(chart.resolve("charts/common")).doesNotExist();
        assertThat(new ChartStager(cache).stage(chart)).isEqualTo(staged);

        write(root, "charts/common/templates/_x.tpl", "{{- define \"x\" -}}changed{{- end -}}\n");
        Path changed = new ChartStager(cache).stage(chart);
        assertThat(changed).isNotEqualTo(staged);
        assertThat(changed.resolve("charts/common/templates/_x.tpl")).content().contains("changed");
        try (var leftovers = Files.list(cache.resolve("charts"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("partial"));
        }
    }

    @Test
    void aDependencyThatIsNotThereNamesTheFileAndPath() {
        write(root, "charts/svc/Chart.yaml", """
                apiVersion: v2
                name: svc
                version: 0.1.0
                dependencies:
                  - name: common
                    repository: file://../nowhere
                """);
        assertThatThrownBy(() -> new ChartStager(cache).stage(root.resolve("charts/svc")))
                .isInstanceOf(DigitctlException.class)
                .hasMessageContaining("Chart.yaml: dependency 'common' points to file://../nowhere")
                .hasMessageContaining("is not a chart");
    }

    @Test
    void lookupIsReplacedOnlyInsideTemplateActions() {
        assertThat(ChartStager.withoutClusterLookups("lookup: {{ $s := lookup \"v1\" \"Secret\" .ns \"x\" }} {{- if (lookup \"v1\" \"A\" \"\" \"\") }}"))
                .isEqualTo("lookup: {{ $s := omit (dict) \"v1\" \"Secret\" .ns \"x\" }} {{- if (omit (dict) \"v1\" \"A\" \"\" \"\") }}");
        assertThat(ChartStager.withoutClusterLookups("{{ .Values.lookup }} {{ $lookup := 1 }} {{ include \"my-lookup\" . }}"))
                .isEqualTo("{{ .Values.lookup }} {{ $lookup := 1 }} {{ include \"my-lookup\" . }}");
    }
}
