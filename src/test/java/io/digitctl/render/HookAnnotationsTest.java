package io.digitctl.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

class HookAnnotationsTest {

    @TempDir
    Path root;
    @TempDir
    Path cache;

    @Test
    void theThreeHookKeysAreRenamedWhetherQuotedOrNot() {
        String chart = """
                annotations:
                  helm.sh/hook: pre-install
                  "helm.sh/hook-weight": "-5"
                  'helm.sh/hook-delete-policy': before-hook-creation
                  {{- if hasKey .Values.annotations "helm.sh/hook" }}
                """;

        String hidden = HookAnnotations.hide(chart);

        assertThat(hidden).isEqualTo("""
                annotations:
                  digitctl.staged/hook: pre-install
                  "digitctl.staged/hook-weight": "-5"
                  'digitctl.staged/hook-delete-policy': before-hook-creation
                  {{- if hasKey .Values.annotations "digitctl.staged/hook" }}
                """);
        assertThat(HookAnnotations.restore(hidden)).isEqualTo(chart);
    }

    @Test
    void onlyTheWholeKeysAreRenamed() {
        String others = """
                helm.sh/hooks: x
                my.helm.sh/hook: x
                helm.sh/hook-foo: x
                helm.sh/hook-weights: x
                helm.sh/hook-delete-policy/x: x
                helm.sh/resource-policy: keep
                sub/helm.sh/hook: x
                """;

        assertThat(HookAnnotations.hide(others)).isEqualTo(others);
        assertThat(HookAnnotations.restore("digitctl.staged/hookx: 1\nx.digitctl.staged/hook: 1\n"))
                .isEqualTo("digitctl.staged/hookx: 1\nx.digitctl.staged/hook: 1\n");
    }

    @Test
    void theStagedCopyRenamesInTemplatesHelpersSubchartsAndValuesButNowhereElse() {
        write(root, "svc/Chart.yaml", "apiVersion: v2\nname: svc\nversion: 0.1.0\n");
        write(root, "svc/values.yaml", "job:\n  annotations:\n    helm.sh/hook: post-install\n");
        write(root, "svc/templates/job.yaml", "\"helm.sh/hook\": pre-install\n");
        write(root, "svc/templates/_helpers.tpl", "{{- define \"h\" -}}\nhelm.sh/hook-weight: \"1\"\n{{- end -}}\n");
        write(root, "svc/templates/tests/pod.yaml", "helm.sh/hook: test\n");
        write(root, "svc/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
        write(root, "svc/charts/sub/values.yaml", "a: {helm.sh/hook-delete-policy: hook-succeeded}\n");
        write(root, "svc/charts/sub/templates/job.yaml", "helm.sh/hook: pre-upgrade\n{{ $s := lookup \"v1\" \"Secret\" \"\" \"x\" }}\n");
        write(root, "svc/crds/crd.yaml", "# helm.sh/hook: is not templated here\n");
        write(root, "svc/files/templates/note.txt", "helm.sh/hook\n");
        write(root, "svc/README.md", "helm.sh/hook\n");

        Path staged = new ChartStager(cache).stage(root.resolve("svc"));

        assertThat(staged.resolve("values.yaml")).content().contains("digitctl.staged/hook: post-install").doesNotContain("helm.sh");
        assertThat(staged.resolve("templates/job.yaml")).content().isEqualTo("\"digitctl.staged/hook\": pre-install\n");
        assertThat(staged.resolve("templates/_helpers.tpl")).content().contains("digitctl.staged/hook-weight: \"1\"");
        assertThat(staged.resolve("templates/tests/pod.yaml")).content().contains("digitctl.staged/hook: test");
        assertThat(staged.resolve("charts/sub/values.yaml")).content().contains("digitctl.staged/hook-delete-policy");
        assertThat(staged.resolve("charts/sub/templates/job.yaml")).content().contains("digitctl.staged/hook: pre-upgrade")
                .contains("{{ $s := omit (dict) \"v1\"");
        assertThat(staged.resolve("crds/crd.yaml")).content().contains("helm.sh/hook");
        assertThat(staged.resolve("files/templates/note.txt")).content().contains("helm.sh/hook");
        assertThat(staged.resolve("README.md")).content().contains("helm.sh/hook");
        assertThat(root.resolve("svc/templates/job.yaml")).content().contains("helm.sh/hook");
    }

    @Test
    void templatesAreTheChartsAndItsSubchartsTemplatesFolders() {
        assertThat(ChartStager.isTemplate(Path.of("templates/a.yaml"))).isTrue();
        assertThat(ChartStager.isTemplate(Path.of("templates/sub/_x.tpl"))).isTrue();
        assertThat(ChartStager.isTemplate(Path.of("charts/sub/templates/a.yaml"))).isTrue();
        assertThat(ChartStager.isTemplate(Path.of("charts/sub/charts/deeper/templates/a.yaml"))).isTrue();
        assertThat(ChartStager.isTemplate(Path.of("files/templates/a.yaml"))).isFalse();
        assertThat(ChartStager.isTemplate(Path.of("templates"))).isFalse();
        assertThat(ChartStager.isValues(Path.of("charts/sub/values.yaml"))).isTrue();
        assertThat(ChartStager.isValues(Path.of("templates/values.yaml"))).isFalse();
    }
}
