package io.digitctl.render;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

/** The digest of what a render is made from: what changes it, what does not, and which renders have none. */
class RenderInputsTest {
    private static final String CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\ndata:\n"
            + "  tag: {{ .Values.image.tag | quote }}\n  stamp: {{ date \"20060102\" .Release.Time | quote }}\n";

    @TempDir
    Path root;
    @TempDir
    Path cache;
    private RenderFixture fx;

    @BeforeEach
    void tree() {
        fx = new RenderFixture(root, cache);
        fx.chart("svc", "", "image:\n  tag: latest\n", CONFIG_MAP);
    }

    /** Renders as a new run would (a new stager and workspace), answering "may stand in" for nothing, and returns the digest. */
    private String digest(String tag, String kubeVersion) {
        ServiceRender result;
        try (RenderWorkspace workspace = new RenderWorkspace()) {
            result = new ChartRenderer(new ChartStager(cache)).render(fx.deploy("svc", tag), fx.options(kubeVersion), workspace);
        }
        assertThat(result).isInstanceOf(ServiceRender.Rendered.class);
        return ((ServiceRender.Rendered) result).inputDigest();
    }

    @Test
    void theSameInputsGiveTheSameDigestDespiteTheRenderTime() {
        String first = digest("v1", "v1.31.0");

        assertThat(first).startsWith("sha256:");
        assertThat(digest("v1", "v1.31.0")).isEqualTo(first);
    }

    @Test
    void aTagTheKubernetesVersionTheEnvFileOrAChartFileChangeTheDigest() throws Exception {
        List<String> digests = new ArrayList<>();
        digests.add(digest("v1", "v1.31.0"));
        digests.add(digest("v2", "v1.31.0"));
        digests.add(digest("v1", "v1.32.0"));
        Files.writeString(fx.envFile, Files.readString(fx.envFile) + "extra: 1\n");
        digests.add(digest("v1", "v1.31.0"));
        write(root, "charts/svc/templates/other.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n");
        digests.add(digest("v1", "v1.31.0"));

        assertThat(digests).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void aChartOrValuesFileThatCallsAChangingFunctionHasNoDigest() {
        fx.chart("random", "", "a: 1\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r\n  annotations:\n"
                + "    rollme: {{ randAlphaNum 5 | quote }}\n");
        ServiceRender random = fx.render(fx.deploy("random", "v1"));
        assertThat(random).isInstanceOfSatisfying(ServiceRender.Rendered.class, r -> assertThat(r.inputDigest()).isNull());

        write(root, "environments/test.yaml", "global:\n  namespace: egov\nstamp: '{{ now | date \"2006\" }}'\n");
        assertThat(digest("v1", "v1.31.0")).as("a values file a chart may pass to tpl").isNull();
    }

    @Test
    void aServiceThatMayStandInIsNotRenderedAndKeepsItsDigest() {
        String rendered = digest("v1", "v1.31.0");
        List<String> asked = new ArrayList<>();
        RenderOptions options = new RenderOptions(fx.envFile, "v1.31.0", List.of(), 1, (service, input) -> asked.add(service + " " + input));

        ServiceRender result;
        try (RenderWorkspace workspace = new RenderWorkspace()) {
            result = fx.renderer.render(fx.deploy("svc", "v1"), options, workspace);
        }

        assertThat(asked).containsExactly("svc " + rendered);
        assertThat(result).isInstanceOfSatisfying(ServiceRender.Recorded.class, r -> assertThat(r.inputDigest()).isEqualTo(rendered));
    }

    @Test
    void aRenderThatTakesTheSecretsFileIsNeverOfferedToStandIn() {
        Path secrets = write(root, "secrets.yaml", "password: s3cret\n");
        RenderOptions options = new RenderOptions(fx.envFile, "v1.31.0", List.of(secrets), 1, (service, input) -> {
            throw new AssertionError("asked for " + service);
        });
        fx.chart(ChartRenderer.CLUSTER_CONFIGS, "", "password: x\n", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n"
                + "stringData:\n  password: {{ .Values.password }}\n");

        ServiceRender result;
        try (RenderWorkspace workspace = new RenderWorkspace()) {
            result = fx.renderer.render(fx.deploy(ChartRenderer.CLUSTER_CONFIGS, null), options, workspace);
        }

        assertThat(result).isInstanceOfSatisfying(ServiceRender.Rendered.class, r -> assertThat(r.inputDigest()).isNull());
    }

    @Test
    void aChartWithAPackagedSubchartHasNoDigestAsItsTemplatesAreNotRead(@TempDir Path build) throws Exception {
        fx.chart("vendoring", "dependencies:\n  - name: sub\n    version: 0.1.0\n    repository: https://charts.example.com\n",
                "a: 1\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vendoring\n");
        write(build, "sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
        write(build, "sub/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\n  annotations:\n"
                + "    rollme: {{ randAlphaNum 12 | quote }}\n");
        Path tgz = root.resolve("charts/vendoring/charts/sub-0.1.0.tgz");
        Files.createDirectories(tgz.getParent());
        assertThat(new ProcessBuilder("tar", "czf", tgz.toString(), "-C", build.toString(), "sub").inheritIO().start().waitFor()).isZero();

        ServiceRender result = fx.render(fx.deploy("vendoring", "v1"));

        assertThat(RenderFixture.manifests(result)).extracting(m -> m.key().name()).contains("sub");
        assertThat(((ServiceRender.Rendered) result).inputDigest()).isNull();
    }

    @Test
    void onlyCallsInsideTemplateActionsCount() {
        assertThat(RenderInputs.callsChangingFunction("{{ randAlphaNum 5 }}")).isTrue();
        assertThat(RenderInputs.callsChangingFunction("x: {{- now | date \"2006\" -}}")).isTrue();
        assertThat(RenderInputs.callsChangingFunction("{{ $ca := genCA \"x\" 365 }}")).isTrue();
        assertThat(RenderInputs.callsChangingFunction("description: roles are now generated")).isFalse();
        assertThat(RenderInputs.callsChangingFunction("{{ fail \"roles are now generated\" }}")).isFalse();
        assertThat(RenderInputs.callsChangingFunction("{{ .Values.now }} {{ $now }} {{ date \"2006\" .Release.Time }}")).isFalse();
    }
}
