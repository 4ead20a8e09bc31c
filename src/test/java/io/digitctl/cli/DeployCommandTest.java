package io.digitctl.cli;

import io.digitctl.TestTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

class DeployCommandTest {

    private static final String HELM = TestTrees.examples().toString();

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            assertThat(doc).as("every document of stdout is a Kubernetes object").isInstanceOf(Map.class);
            docs.add((Map<String, Object>) doc);
        }
        return docs;
    }

    private static List<String> sources(String out) {
        return out.lines().filter(l -> l.startsWith("# Source: ")).map(l -> l.substring("# Source: ".length())).toList();
    }

    @Test
    void printsTheReleaseAsOneYamlStreamInDependencyOrderWithProgressOnStderr() {
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--print");

        assertThat(run.exit()).as(run.err()).isZero();
        List<Map<String, Object>> docs = documents(run.out());
        assertThat(docs).hasSize(sources(run.out()).size()).allSatisfy(d -> assertThat(d).containsKeys("apiVersion", "kind", "metadata"));
        assertThat(sources(run.out()).stream().map(s -> s.substring(0, s.indexOf('/'))).distinct())
                .containsExactly("egov-mdms-service", "egov-user", "egov-idgen", "billing-service", "pgr-services");
        assertThat(run.out()).contains("image: egovio/egov-user:v1.2.8-9fde481-19")
                .contains("image: egovio/pgr-services-db:v1.1.0-1a2b3c4-7")
                .doesNotContain("Plan:").doesNotContain("warning");
        assertThat(run.err()).contains("Plan: Demo demo-v1.0 (modules core, business, m_pgr): 5 services in 3 levels")
                .contains("egov-user          v1.2.8-9fde481-19  release")
                .contains("Rendered 5 of 5 services");
    }

    @Test
    void imagesOnTheCommandLineAndTheMigrationImage() {
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev",
                "egovio/egov-idgen:v2.0.0-abc1234-1,egov-idgen-db:v2.0.0-abc1234-1,localhost:5000/egovio/egov-user:v9", "--print");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("image: egovio/egov-idgen:v2.0.0-abc1234-1", "image: egovio/egov-idgen-db:v2.0.0-abc1234-1",
                "image: egovio/egov-user:v9");
        assertThat(sources(run.out()).stream().map(s -> s.substring(0, s.indexOf('/'))).distinct())
                .containsExactly("egov-idgen", "egov-user");
    }

    @Test
    void anImageWithoutTagUsesTheChartDefaultAndWarnsOnStderr() {
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "pgr-services", "--print");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("image: egovio/pgr-services:v1.0.0-default");
        assertThat(run.err()).contains("warning: pgr-services: no tag given for pgr-services; rendering with the chart's own default tag.")
                .contains("(chart default)  chart default");
    }

    @Test
    void aServiceWhoseChartHasNoDefaultTagFailsNamingIt() {
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "billing-service,egov-idgen:v1", "--print");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("1 failed:").contains("billing-service (chart ").contains("Tag is mandatory for billing-service");
        assertThat(documents(run.out())).extracting(d -> String.valueOf(((Map<?, ?>) d.get("metadata")).get("name"))).contains("egov-idgen");
    }

    @Test
    void clusterConfigsMaskSecretsUnlessAskedToShowThem() {
        String key = TestTrees.examples().resolveSibling("keys/dev-demo.agekey").toString();
        CliRun masked = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "-c", "egov-user:v1", "--print", "--age-key-file", key);
        assertThat(masked.exit()).as(masked.err()).isZero();
        String password = Base64.getEncoder().encodeToString("demo-db-password".getBytes());
        assertThat(masked.out()).contains("kind: Secret").contains("password: <masked>")
                .doesNotContain(password).doesNotContain("demo-db-password");
        assertThat(sources(masked.out()).get(0)).startsWith("cluster-configs/");

        CliRun shown = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "-c", "egov-user:v1", "--print", "--show-secrets", "--age-key-file", key);
        assertThat(shown.out()).contains(password);
    }

    @Test
    void outputDirHasOneFolderPerService() throws Exception {
        Path out = tmp.resolve("out");
        write(out, "egov-user/templates/stale.yaml", "left from an earlier run");
        write(out, "egov-user/" + ManifestOutput.MARKER, "an earlier run of digitctl wrote this folder");
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--output-dir", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(out.resolve("egov-user/templates/deployment.yaml")).content().contains("kind: Deployment")
                .contains("# Source: egov-user/templates/deployment.yaml");
        assertThat(out.resolve("egov-user/templates/stale.yaml")).doesNotExist();
        assertThat(out.resolve("egov-user/" + ManifestOutput.MARKER)).exists();
        try (var dirs = Files.list(out)) {
            assertThat(dirs.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("egov-mdms-service", "egov-user", "egov-idgen", "billing-service", "pgr-services");
        }
    }

    @Test
    void missingChartsFailBeforeRenderingWithNothingOnStdout() {
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "egov-user:v1,kafka-v2:v1,egovio/zookeeper:3", "--print");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: 2 services have no chart under").contains("kafka-v2 (command line)")
                .contains("zookeeper (command line)").contains("--skip-missing").doesNotContain("Exception").doesNotContain("\tat ");

        CliRun skipped = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "egov-user:v1,kafka-v2:v1", "--print", "--skip-missing");
        assertThat(skipped.exit()).isZero();
        assertThat(skipped.err()).contains("warning: kafka-v2: no chart under");
    }

    @Test
    void aBrokenChartFailsTheRunButTheOthersStillRender() {
        Path helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        write(helm, "charts/core-services/egov-idgen/templates/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.nope.nope }}\n");

        CliRun run = CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--print");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Rendered 4 of 5 services").contains("1 failed:")
                .contains("egov-idgen (chart " + helm.resolve("charts/core-services/egov-idgen") + "): ")
                .contains("egov-idgen/templates/broken.yaml:4");
        assertThat(sources(run.out())).noneMatch(s -> s.startsWith("egov-idgen/")).anyMatch(s -> s.startsWith("pgr-services/"));
    }

    @Test
    void badCommandLinesExitWith64AndSayHowToGetHelp() {
        assertThat(CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "--bogus").exit()).isEqualTo(64);
        CliRun both = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "egov-user", "-s", "Demo", "-v", "demo-v1.0", "--print");
        assertThat(both.exit()).isEqualTo(64);
        assertThat(both.err()).contains("Give either IMAGES or a release").contains("digitctl deploy --help");
        assertThat(CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "-s", "Demo", "--print").err()).contains("-s PRODUCT and -v VERSION go together");
        assertThat(CliRun.of("deploy", "--helm-dir", HELM, "-s", "Demo", "-v", "demo-v1.0").err()).contains("Missing required option: '--env=ENV'");
        assertThat(CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "--print").exit()).isEqualTo(64);
    }

    @Test
    void badInputValuesExitWith1AndAClearMessage() {
        CliRun badImage = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "egov user", "--print");
        assertThat(badImage.exit()).isEqualTo(1);
        assertThat(badImage.err()).startsWith("error: Invalid image reference 'egov user'");

        CliRun badEnv = CliRun.of("deploy", "--helm-dir", HELM, "-e", "prod", "egov-user:v1", "--print");
        assertThat(badEnv.err()).contains("No environment 'prod'").contains("Environments found: dev");

        CliRun badDir = CliRun.of("deploy", "--helm-dir", tmp.resolve("nope").toString(), "-e", "dev", "egov-user:v1", "--print");
        assertThat(badDir.exit()).isEqualTo(1);
        assertThat(badDir.err()).contains("does not exist").contains("--helm-dir");

        CliRun badModule = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--modules", "m_tl", "--print");
        assertThat(badModule.err()).contains("Unknown module m_tl").contains("core, business, m_pgr");

        Path kubeconfig = write(tmp, "kubeconfig", """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1"}}]
                contexts: [{name: gone, context: {cluster: gone, user: u}}]
                users: [{name: u, user: {token: t}}]
                current-context: gone
                """);
        CliRun unreachable = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "egov-user:v1", "--kubeconfig", kubeconfig.toString());
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("error: Cannot reach the Kubernetes API server at https://127.0.0.1:1/")
                .contains("Check --kubeconfig, --context").doesNotContain("Rendering").doesNotContain("\tat ");
        assertThat(unreachable.err().lines().count()).isEqualTo(1);
    }

    @Test
    void theKubernetesVersionComesFromTheFlag() {
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "egov-user:v1", "--print", "--kube-version", "1.29");
        assertThat(run.err()).contains("(Kubernetes v1.29)");
        assertThat(CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "egov-user:v1", "--print", "--kube-version", "latest").err())
                .contains("--kube-version is 'latest', which is not a Kubernetes version");
    }
}
