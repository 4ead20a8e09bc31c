package io.digitctl.render;

import io.digitctl.TestTrees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.digitctl.TestTrees.write;
import static io.digitctl.render.RenderFixture.data;
import static io.digitctl.render.RenderFixture.manifests;
import static org.assertj.core.api.Assertions.assertThat;

class ChartRendererTest {

    @TempDir
    Path root;
    @TempDir
    Path cache;
    RenderFixture fx;

    private static final String LAYERS_TEMPLATE = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Values.name }}
            data:
              fromChart: {{ .Values.fromChart | quote }}
              fromEnv: {{ .Values.fromEnv | quote }}
              fromService: {{ .Values.fromService | quote }}
              tag: {{ .Values.image.tag | quote }}
              tagKind: {{ kindOf .Values.image.tag | quote }}
              migrationTag: {{ .Values.initContainers.dbMigration.image.tag | quote }}
            """;

    @BeforeEach
    void setUp() {
        fx = new RenderFixture(root, cache);
    }

    @Test
    void eachValuesLayerOverridesTheOneBelowIt() {
        fx.chart("layers", "", """
                name: chart-name
                fromChart: chart
                fromEnv: chart
                fromService: chart
                image: {tag: chart}
                initContainers: {dbMigration: {image: {tag: chart}}}
                """, LAYERS_TEMPLATE);
        write(root, "charts/layers/svc-values.yaml", """
                fromService: service
                image: {tag: service}
                initContainers: {dbMigration: {image: {tag: service}}}
                """);
        write(root, "environments/test.yaml", """
                global: {namespace: egov}
                fromEnv: env
                fromService: env
                image: {tag: env}
                """);

        Map<String, Object> pinned = data(manifests(fx.render(fx.deploy("svc", "cli-tag", "cli-migration"))).get(0));
        assertThat(pinned).containsEntry("fromChart", "chart").containsEntry("fromEnv", "env")
                .containsEntry("fromService", "service").containsEntry("tag", "cli-tag")
                .containsEntry("migrationTag", "cli-migration");
        assertThat(manifests(fx.render(fx.deploy("svc", "cli-tag"))).get(0).key().name()).isEqualTo("svc");

        Map<String, Object> untagged = data(manifests(fx.render(fx.deploy("svc", null))).get(0));
        assertThat(untagged).containsEntry("tag", "service").containsEntry("migrationTag", "service");
    }

    @Test
    void aNumericTagStaysAString() {
        fx.chart("layers", "", "fromChart: c\nfromEnv: c\nfromService: c\nimage: {tag: x}\n", LAYERS_TEMPLATE);
        Map<String, Object> data = data(manifests(fx.render(fx.deploy("layers", "1"))).get(0));
        assertThat(data).containsEntry("tag", "1").containsEntry("tagKind", "string");
    }

    @Test
    void aChartWithoutADefaultTagFailsWithItsOwnMessage() {
        fx.chart("notag", "", "image: {repository: x}\n", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: x}
                data:
                  image: {{ required "Tag is mandatory" .Values.image.tag }}
                """);
        ServiceRender result = fx.render(fx.deploy("notag", null));
        assertThat(result).isInstanceOfSatisfying(ServiceRender.Failed.class, f -> assertThat(f.message())
                .startsWith("notag (chart " + root.resolve("charts/notag") + "): ")
                .contains("Tag is mandatory")
                .contains("notag/templates/main.yaml:5")
                .doesNotContain("--debug"));
    }

    @Test
    void aTemplateErrorNamesServiceChartTemplateAndLine() {
        fx.chart("broken", "", "a: 1\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.missing.field }}\n");
        ServiceRender result = fx.render(fx.deploy("broken", "v1"));
        assertThat(result).isInstanceOfSatisfying(ServiceRender.Failed.class, f -> assertThat(f.message())
                .contains("broken (chart " + root.resolve("charts/broken") + ")")
                .contains("broken/templates/main.yaml:4")
                .contains("nil pointer"));
    }

    @Test
    void invalidYamlOutputIsReportedWithTheTemplate() {
        fx.chart("badyaml", "", "a: 1\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n");
        ServiceRender result = fx.render(fx.deploy("badyaml", "v1"));
        assertThat(result).isInstanceOfSatisfying(ServiceRender.Failed.class, f -> assertThat(f.message())
                .contains("badyaml/templates/main.yaml"));
    }

    @Test
    void crdsComeFirstAndLookupAnswersAsIfNothingExists() {
        fx.chart("withcrd", "", "a: 1\n", """
                {{- $secret := lookup "v1" "Secret" "egov" "db" }}
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: uses-crd}
                data:
                  secret: {{ if $secret }}found{{ else }}absent{{ end }}
                  count: {{ len (lookup "v1" "ConfigMap" "" "") | quote }}
                """);
        write(root, "charts/withcrd/crds/widgets.yaml", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.org}
                ---
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gadgets.example.org}
                """);

        List<Manifest> manifests = manifests(fx.render(fx.deploy("withcrd", "v1")));

        assertThat(manifests).extracting(m -> m.key().kind() + "/" + m.key().name()).containsExactly(
                "CustomResourceDefinition/widgets.example.org", "CustomResourceDefinition/gadgets.example.org",
                "ConfigMap/uses-crd");
        assertThat(manifests.get(0).template()).isEqualTo("crds/widgets.yaml");
        assertThat(manifests.get(0).source()).isEqualTo("withcrd/crds/widgets.yaml");
        assertThat(data(manifests.get(2))).containsEntry("secret", "absent").containsEntry("count", "0");
    }

    @Test
    void theKubernetesVersionIsTheOneGivenNotHelmsOfflineDefault() {
        fx.chart("modern", "kubeVersion: \">=1.21.0-0\"\n", "a: 1\n", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: modern}
                data: {version: {{ .Capabilities.KubeVersion.Version | quote }}}
                """);

        assertThat(data(manifests(fx.render(fx.deploy("modern", "v1"))).get(0)))
                .containsEntry("version", RenderOptions.DEFAULT_KUBE_VERSION);
        assertThat(fx.render(fx.deploy("modern", "v1"), "v1.20.0")).isInstanceOfSatisfying(ServiceRender.Failed.class,
                f -> assertThat(f.message()).contains("kubeVersion"));
    }

    @Test
    void aTagIsNotForcedOntoAChartWhoseImageIsNotAMap() {
        fx.chart("plain", "", "image: docker.io/library/nginx:1.27\ninitContainers: []\n", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: plain}
                data:
                  image: {{ .Values.image | quote }}
                  init: {{ .Values.initContainers | toJson | quote }}
                """);

        ServiceRender result = fx.render(fx.deploy("plain", "v2"));

        assertThat(data(manifests(result).get(0))).containsEntry("image", "docker.io/library/nginx:1.27").containsEntry("init", "[]");
        assertThat(((ServiceRender.Rendered) result).warnings())
                .containsExactly("plain: the chart's 'image' value is not a map, so the tag v2 cannot be set; the chart's own image is used.");
    }

    @Test
    void aFolderWithoutChartYamlIsAClearFailure() {
        write(root, "charts/tool/ci/default-values.yaml", "a: 1\n");
        ServiceRender result = fx.render(fx.deploy("default", "v1"));
        assertThat(result).isInstanceOfSatisfying(ServiceRender.Failed.class, f -> assertThat(f.message())
                .contains("is not a Helm chart: it has no Chart.yaml"));
    }

    @Test
    void renderingNeverWritesIntoTheTree() {
        Path examples = root.resolve("copy");
        TestTrees.copy(TestTrees.examples(), examples);
        Map<String, String> before = TestTrees.snapshot(examples);
        ChartRenderer renderer = new ChartRenderer(new ChartStager(cache));
        io.digitctl.tree.ChartEntry user = io.digitctl.tree.ChartIndex.scan(examples.resolve("charts")).find("egov-user").orElseThrow();
        io.digitctl.plan.ServiceDeploy deploy = new io.digitctl.plan.ServiceDeploy("egov-user", null, user,
                io.digitctl.model.ImageRef.parse("egov-user:v1"), "v1", "v1", io.digitctl.model.TagSource.COMMAND_LINE);
        try (RenderWorkspace workspace = new RenderWorkspace()) {
            ServiceRender result = renderer.render(deploy, new RenderOptions(examples.resolve("environments/dev.yaml"),
                    RenderOptions.DEFAULT_KUBE_VERSION, List.of(), 1), workspace);
            assertThat(manifests(result)).isNotEmpty();
        }
        assertThat(TestTrees.snapshot(examples)).isEqualTo(before);
    }
}
