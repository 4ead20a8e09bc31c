package io.digitctl.conformance;

import io.digitctl.TestTrees;
import io.digitctl.action.RenderAction;
import io.digitctl.action.RenderResult;
import io.digitctl.cli.CliRun;
import io.digitctl.event.ProgressListener;
import io.digitctl.render.ServiceRender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The real DIGIT-DevOps tree (../shared/fixtures/digit-devops/helm), as operators deploy it. */
class DigitDevopsConformanceTest {

    private static final List<String> WITHOUT_CHARTS =
            List.of("zookeeper-v2", "kafka-v2", "elasticsearch-data-v1", "elasticsearch-master-v1", "kibana-v1");
    private static final List<String> FEATURE_SERVICES = List.of("zuul", "dashboard-analytics", "dashboard-ingest", "inbox");

    /**
     * The only index entries that cannot render: {@code prometheus-blackbox-exporter/ci/*-values.yaml}
     * are that chart's CI test values, which the reference's index rule takes for services, in a
     * folder that is not a chart.
     */
    private static final List<String> NOT_CHARTS = List.of("default", "extraenv", "networkpolicy", "secret");

    Path helm;

    @BeforeEach
    void tree() {
        helm = TestTrees.digitDevops();
    }

    private static List<String> renderedServices(String out) {
        return out.lines().filter(l -> l.startsWith("# Source: "))
                .map(l -> l.substring("# Source: ".length(), l.indexOf('/')))
                .distinct().toList();
    }

    @Test
    void theCoreReleaseFailsBeforeRenderingNamingEveryServiceWithoutAChart() {
        CliRun run = CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9", "--print");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("5 services have no chart").doesNotContain("Rendering");
        WITHOUT_CHARTS.forEach(s -> assertThat(run.err()).contains("  - " + s + " (module backbone"));
    }

    @Test
    void withSkipMissingTheCoreReleaseRendersWithItsPinnedTagsInDependencyOrder() {
        CliRun run = CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9",
                "--print", "--skip-missing");

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> services = renderedServices(run.out());
        // 44 release entries without the five missing ones; egov-document-uploader is listed twice
        // (application image and -db migration image) and renders once, with both tags.
        assertThat(services).hasSize(43).doesNotContainAnyElementsOf(WITHOUT_CHARTS);
        assertThat(run.out()).contains("image: egovio/egov-user:v1.2.8-9fde481-19",
                "image: egovio/egov-document-uploader:v1.1.1-6cfa52c1f9-4",
                "image: egovio/egov-document-uploader-db:v1.0.1-a1ef7d4-4",
                "image: egovio/egov-filestore:v1.3.0-72d8393-4",
                "image: egovio/egov-filestore-db:v1.3.0-72d8393-4");
        int lastCore = services.indexOf("playground");
        int firstBusiness = services.indexOf("egov-apportion-service");
        assertThat(services.indexOf("egov-user")).isLessThan(firstBusiness);
        assertThat(lastCore).isLessThan(firstBusiness);
        FEATURE_SERVICES.forEach(s -> assertThat(services.indexOf(s)).as(s).isGreaterThan(services.indexOf("finance-collections-voucher-consumer")));
        assertThat(run.err()).contains("Rendered 43 of 43 services");
    }

    @Test
    void validateReportsTheBrokenReleaseFileWithItsLine() {
        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "egov-demo");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR   " + helm.resolve("product-release-charts/DIGIT/dependancy_chart-digit-v2.6.yaml") + ":60: invalid YAML");
    }

    @Test
    void everyChartRendersForEgovDemoExceptTheFoldersThatAreNotCharts() {
        RenderResult result = new RenderAction(ProgressListener.SILENT)
                .runEveryChart(helm, "egov-demo", "v0.0.0-conformance", null, Runtime.getRuntime().availableProcessors(),
                        io.digitctl.secrets.keys.KeySettings.fromEnvironment(List.of(), List.of()));

        assertThat(result.report().services()).hasSize(208);
        Map<String, String> failures = result.report().failures().stream()
                .collect(Collectors.toMap(ServiceRender::service, ServiceRender.Failed::reason));
        assertThat(failures).containsOnlyKeys(NOT_CHARTS);
        failures.values().forEach(reason -> assertThat(reason)
                .contains("prometheus-blackbox-exporter/ci is not a Helm chart: it has no Chart.yaml"));

        Map<String, ServiceRender.Rendered> rendered = result.report().rendered().stream()
                .collect(Collectors.toMap(ServiceRender::service, r -> r));
        // kubeVersion >= 1.21 charts, a chart calling lookup, the secrets-fed cluster-configs, CRDs first
        assertThat(rendered).containsKeys("ingress-nginx", "jupyterhub", "kafka-kraft", "cluster-configs", "cert-manager");
        assertThat(rendered.get("cluster-configs").manifests()).anySatisfy(m -> assertThat(m.key().kind()).isEqualTo("Secret"));
        assertThat(rendered.get("cert-manager").manifests().get(0).key().kind()).isEqualTo("CustomResourceDefinition");
        assertThat(rendered.entrySet().stream().filter(e -> e.getValue().manifests().isEmpty()).map(Map.Entry::getKey))
                .containsExactly("common");
    }
}
