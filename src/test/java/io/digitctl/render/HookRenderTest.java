package io.digitctl.render;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.digitctl.TestTrees.write;
import static io.digitctl.render.RenderFixture.manifests;
import static org.assertj.core.api.Assertions.assertThat;

/** Hooks are rendered, with their real annotations, wherever the chart or the env file writes them. */
class HookRenderTest {

    @TempDir
    Path root;
    @TempDir
    Path cache;
    RenderFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RenderFixture(root, cache);
    }

    private static Manifest named(List<Manifest> manifests, String name) {
        return manifests.stream().filter(m -> m.key().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not rendered: " + manifests.stream().map(Manifest::key).toList()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> annotations(Manifest m) {
        return (Map<String, Object>) ((Map<String, Object>) m.object().get("metadata")).get("annotations");
    }

    @Test
    void hooksFromTemplatesHelpersAndValuesAreRenderedWithTheirRealAnnotations() {
        fx.chart("svc", "", """
                        image:
                          tag: v1
                        secretAnnotations:
                          helm.sh/hook: pre-install
                          helm.sh/hook-weight: "-5"
                        """, """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: plain
                        ---
                        apiVersion: batch/v1
                        kind: Job
                        metadata:
                          name: migrate
                          annotations:
                            "helm.sh/hook": pre-install,pre-upgrade
                            "helm.sh/hook-weight": "5"
                            "helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
                        ---
                        apiVersion: v1
                        kind: Pod
                        metadata:
                          name: smoke
                          annotations:
                            {{- include "svc.testHook" . | nindent 4 }}
                        ---
                        apiVersion: v1
                        kind: Secret
                        metadata:
                          name: seed-credentials
                          annotations:
                            {{- toYaml .Values.secretAnnotations | nindent 4 }}
                        stringData:
                          password: s3cr3t
                        ---
                        apiVersion: v1
                        kind: ServiceAccount
                        metadata:
                          name: from-env
                          annotations:
                            {{- toYaml .Values.envAnnotations | nindent 4 }}
                        """);
        write(root, "charts/svc/templates/_helpers.tpl", """
                {{- define "svc.testHook" -}}
                helm.sh/hook: test
                {{- end -}}
                """);
        write(root, "environments/test.yaml", """
                global:
                  namespace: egov
                envAnnotations:
                  helm.sh/hook: post-install
                """);

        List<Manifest> manifests = manifests(fx.render(fx.deploy("svc", "v1")));

        assertThat(manifests).hasSize(5);
        assertThat(named(manifests, "plain").hook()).isEmpty();
        HelmHook migrate = named(manifests, "migrate").hook().orElseThrow();
        assertThat(migrate.events()).containsExactlyInAnyOrder("pre-install", "pre-upgrade");
        assertThat(migrate.weight()).isEqualTo(5);
        assertThat(migrate.deletePolicies()).containsExactlyInAnyOrder("before-hook-creation", "hook-succeeded");
        assertThat(named(manifests, "migrate").yaml()).contains("\"helm.sh/hook\": pre-install,pre-upgrade").doesNotContain("digitctl.staged");
        assertThat(named(manifests, "smoke").hook().orElseThrow().events()).containsExactly("test");
        assertThat(named(manifests, "seed-credentials").hook().orElseThrow().weight()).isEqualTo(-5);
        assertThat(annotations(named(manifests, "from-env"))).containsEntry("helm.sh/hook", "post-install");
        assertThat(named(manifests, "migrate").header())
                .isEqualTo("# Source: svc/templates/main.yaml\n# Hook: pre-install,pre-upgrade (weight 5)\n");
        assertThat(named(manifests, "plain").header()).isEqualTo("# Source: svc/templates/main.yaml\n");
        assertThat(SecretMasking.text(named(manifests, "seed-credentials"), false))
                .contains("helm.sh/hook: pre-install").contains(SecretMasking.MASK).doesNotContain("s3cr3t");
    }
}
