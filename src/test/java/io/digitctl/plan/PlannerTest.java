package io.digitctl.plan;

import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.model.ReleaseChart;
import io.digitctl.model.TagSource;
import io.digitctl.tree.DeployTree;
import io.digitctl.tree.TreeFileException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlannerTest {

    @TempDir
    Path root;
    DeployTree tree;

    @BeforeEach
    void charts() {
        for (String service : List.of("svc-a", "svc-b", "svc-c", "svc-x", "svc-y", "egov-user", "extra-svc")) {
            write(root, "charts/group/" + service + "/values.yaml", "image: {repository: " + service + "}\n");
        }
        tree = new DeployTree(root);
    }

    private ReleaseChart release(String yaml) {
        write(root, "product-release-charts/P/dependency_chart-v1.yaml", yaml);
        return tree.releases().load("P", "v1");
    }

    private static final String GRAPH = """
            modules:
              - name: m_x
                dependencies: [c]
                services: [svc-x:v5]
              - name: c
                dependencies: [b, a]
                services: [svc-c:v3]
              - name: a
                services: [svc-a:v1]
              - name: extra
                services: [extra-svc:v9]
              - name: b
                dependencies: [a]
                services: [svc-b:v2]
              - name: m_y
                dependencies: [a]
                services: [svc-y:v6]
            """;

    @Test
    void modulesComeAfterAllTheirDependenciesInLevels() {
        DeployPlan plan = new Planner(tree, TagResolver.OFFLINE).forRelease(release(GRAPH), List.of(), false);

        assertThat(plan.levels()).extracting(PlanLevel::modules).containsExactly(
                List.of("a"), List.of("b", "m_y"), List.of("c"), List.of("m_x"));
        assertThat(plan.services()).extracting(ServiceDeploy::service)
                .containsExactly("svc-a", "svc-b", "svc-y", "svc-c", "svc-x");
        assertThat(plan.services()).allSatisfy(s -> assertThat(s.tagSource()).isEqualTo(TagSource.RELEASE));
        assertThat(plan.services()).extracting(ServiceDeploy::appTag).containsExactly("v1", "v2", "v6", "v3", "v5");
    }

    @Test
    void theDefaultIsEveryFeatureModuleWithItsDependenciesOnly() {
        DeployPlan plan = new Planner(tree, TagResolver.OFFLINE).forRelease(release(GRAPH), List.of(), false);
        assertThat(plan.services()).extracting(ServiceDeploy::service).doesNotContain("extra-svc");
    }

    @Test
    void chosenModulesBringTheirDependencies() {
        DeployPlan plan = new Planner(tree, TagResolver.OFFLINE).forRelease(release(GRAPH), List.of("m_y"), false);
        assertThat(plan.levels()).extracting(PlanLevel::modules).containsExactly(List.of("a"), List.of("m_y"));
    }

    @Test
    void anUnknownModuleIsNamedWithTheModulesThatExist() {
        assertThatThrownBy(() -> new Planner(tree, TagResolver.OFFLINE).forRelease(release(GRAPH), List.of("m_pgr", "m_y"), false))
                .isInstanceOf(DigitctlException.class)
                .hasMessageContaining("Unknown module m_pgr")
                .hasMessageContaining("m_x, c, a, extra, b, m_y");
    }

    @Test
    void aCycleIsAnErrorNamingItsModules() {
        ReleaseChart release = release("""
                modules:
                  - name: a
                    dependencies: [c]
                    services: [svc-a:v1]
                  - name: b
                    dependencies: [a]
                    services: [svc-b:v1]
                  - name: c
                    dependencies: [b]
                    services: [svc-c:v1]
                  - name: m_x
                    dependencies: [a]
                    services: [svc-x:v1]
                """);

        assertThatThrownBy(() -> new Planner(tree, TagResolver.OFFLINE).forRelease(release, List.of(), false))
                .isInstanceOfSatisfying(TreeFileException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("cycle")
                .hasMessageContaining("a (line 2) -> c (line 8) -> b (line 5) -> a")
                .hasMessageNotContaining("m_x");
    }

    @Test
    void anUnknownDependencyIsNamed() {
        ReleaseChart release = release("""
                modules:
                  - name: m_x
                    dependencies: [core, backbone]
                    services: [svc-x:v1]
                  - name: core
                    services: [svc-a:v1]
                """);

        assertThatThrownBy(() -> new Planner(tree, TagResolver.OFFLINE).forRelease(release, List.of(), false))
                .hasMessageContaining(":2: module 'm_x' depends on 'backbone', which is not a module of this release");
    }

    @Test
    void everyServiceWithoutAChartIsReportedTogetherBeforeAnythingElse() {
        ReleaseChart release = release("""
                modules:
                  - name: m_x
                    services: [svc-x:v1, kafka-v2, egovio/zookeeper-v2:3.4]
                """);

        assertThatThrownBy(() -> new Planner(tree, TagResolver.OFFLINE).forRelease(release, List.of(), false))
                .isInstanceOfSatisfying(MissingChartsException.class, e -> assertThat(e.missing())
                        .extracting(MissingChart::service).containsExactly("kafka-v2", "zookeeper-v2"))
                .hasMessageContaining("2 services have no chart")
                .hasMessageContaining("--skip-missing");
    }

    @Test
    void skipMissingGoesOnWithAWarningPerService() {
        ReleaseChart release = release("""
                modules:
                  - name: m_x
                    services: [svc-x:v1, kafka-v2]
                """);

        DeployPlan plan = new Planner(tree, TagResolver.OFFLINE).forRelease(release, List.of(), true);

        assertThat(plan.services()).extracting(ServiceDeploy::service).containsExactly("svc-x");
        assertThat(plan.skipped()).extracting(MissingChart::service).containsExactly("kafka-v2");
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w.message()).startsWith("kafka-v2: no chart").contains("skipped"));
    }

    @Test
    void theMigrationImageAndTheApplicationImageOfAServiceAreOneDeploy() {
        DeployPlan plan = planImages("egovio/egov-user-db:v1-db,egovio/egov-user:v2-app,svc-a-db:v7");

        assertThat(plan.services()).hasSize(2);
        ServiceDeploy user = plan.services().get(0);
        assertThat(user.service()).isEqualTo("egov-user");
        assertThat(user.appTag()).isEqualTo("v2-app");
        assertThat(user.migrationTag()).isEqualTo("v1-db");
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w.message()).startsWith("egov-user: application image pinned at v2-app"));
        ServiceDeploy a = plan.services().get(1);
        assertThat(a.appTag()).isEqualTo("v7");
        assertThat(a.migrationTag()).isEqualTo("v7");
    }

    @Test
    void theSameImageTwiceWithDifferentTagsIsRefused() {
        assertThatThrownBy(() -> planImages("svc-a:v1,svc-a:v2"))
                .hasMessageContaining("svc-a is asked for twice")
                .hasMessageContaining("'svc-a:v1' (command line) and 'svc-a:v2' (command line)");
        assertThat(planImages("svc-a:v1,svc-a:v1").services()).hasSize(1);
    }

    @Test
    void aReleasePinningAnImageTwiceDeploysTheLaterPinAndSaysSo() {
        ReleaseChart release = release("""
                modules:
                  - name: core
                    services: [egovio/svc-a:v1]
                  - name: m_x
                    dependencies: [core]
                    services: [egovio/svc-a:v2, svc-x:v1]
                """);

        DeployPlan plan = new Planner(tree, TagResolver.OFFLINE).forRelease(release, List.of(), false);

        ServiceDeploy a = plan.services().get(0);
        assertThat(a.service()).isEqualTo("svc-a");
        assertThat(a.module()).isEqualTo("core");
        assertThat(a.appTag()).isEqualTo("v2");
        assertThat(plan.warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(PlanWarning.Kind.PINNED_TWICE);
            assertThat(w.message()).contains("'egovio/svc-a:v1' (module core, dependency_chart-v1.yaml:3)")
                    .contains("'egovio/svc-a:v2' (module m_x, dependency_chart-v1.yaml:6)")
                    .contains("the later one is deployed");
        });
    }

    @Test
    void imagesAreOneLevelInTheOrderGiven() {
        DeployPlan plan = planImages("svc-c:v1,svc-a:v2,svc-b:v3");
        assertThat(plan.levels()).hasSize(1);
        assertThat(plan.services()).extracting(ServiceDeploy::service).containsExactly("svc-c", "svc-a", "svc-b");
        assertThat(plan.services()).allSatisfy(s -> assertThat(s.tagSource()).isEqualTo(TagSource.COMMAND_LINE));
    }

    @Test
    void anImageWithoutATagTakesTheRunningTagOrElseTheChartDefault() {
        DeployPlan offline = planImages("svc-a");
        assertThat(offline.services().get(0).appTag()).isNull();
        assertThat(offline.services().get(0).tagSource()).isEqualTo(TagSource.CHART_DEFAULT);
        assertThat(offline.warnings()).extracting(PlanWarning::message).containsExactly("svc-a: no tag given for svc-a; rendering with the chart's own default tag.");

        TagResolver cluster = service -> service.equals("svc-a") ? Optional.of("v9-running") : Optional.empty();
        DeployPlan online = new Planner(tree, cluster).forImages(List.of(ImageRef.parse("svc-a")), false);
        assertThat(online.services().get(0).appTag()).isEqualTo("v9-running");
        assertThat(online.services().get(0).migrationTag()).isEqualTo("v9-running");
        assertThat(online.services().get(0).tagSource()).isEqualTo(TagSource.CLUSTER);
        assertThat(online.warnings()).isEmpty();
    }

    @Test
    void aDigestNeedsATagBesideIt() {
        String digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assertThat(planImages("svc-a:v1@" + digest).services().get(0).appTag()).isEqualTo("v1@" + digest);
        assertThat(planImages("svc-a:v1@" + digest).services().get(0).migrationTag()).as("the digest is the app image's alone").isEqualTo("v1");
        assertThat(planImages("svc-a-db:v3@" + digest).services().get(0).appTag()).as("the digest is the migration image's alone").isEqualTo("v3");
        assertThat(planImages("svc-a-db:v3@" + digest).services().get(0).migrationTag()).isEqualTo("v3@" + digest);
        assertThatThrownBy(() -> planImages("svc-a@" + digest))
                .hasMessageContaining("gives a digest without a tag")
                .hasMessageContaining("svc-a:v1.0.0@" + digest);
    }

    private DeployPlan planImages(String images) {
        List<ImageRef> refs = Arrays.stream(images.split(",")).map(ImageRef::parse).toList();
        return new Planner(tree, TagResolver.OFFLINE).forImages(refs, false);
    }
}
