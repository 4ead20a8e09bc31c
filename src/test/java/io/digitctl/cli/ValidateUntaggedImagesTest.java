package io.digitctl.cli;

import io.digitctl.TestTrees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

/** An image listed without a tag renders on a fresh cluster only when something else gives its tag; validate says so. */
class ValidateUntaggedImagesTest {
    @TempDir
    Path tmp;
    Path helm;

    @BeforeEach
    void tree() {
        helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        write(helm, "product-release-charts/Demo/dependency_chart-demo-v1.1.yaml", "version: v1.1\nmodules:\n  - name: core\n    services:\n"
                + "      - egovio/egov-mdms-service:v1.3.2-44558a0-3\n      - egovio/egov-idgen\n      - egovio/egov-user\n");
    }

    @Test
    void anUntaggedImageWhoseChartSetsNoTagIsAWarningNamingTheReleaseLine() {
        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out() + run.err()).contains("dependency_chart-demo-v1.1.yaml:6")
                .contains("service 'egov-idgen' (module core) has no tag here, its chart requires one, and neither its values nor the env"
                        + " file of dev, e2e set egov-idgen.image.tag")
                .contains("Pin a tag: egovio/egov-idgen:<tag>.")
                .contains("service 'egov-user' (module core) has no tag here");
    }

    @Test
    void aChartThatDoesNotRequireATagIsNotNamed() throws Exception {
        Path helpers = helm.resolve("charts/common/templates/_helpers.tpl");
        Files.writeString(helpers, Files.readString(helpers).replaceAll("required \\(printf [^)]*\\) \\$image.tag", "\\$image.tag | default \"latest\""));

        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain("has no tag here");
    }

    @Test
    void aTagFromTheChartIsEnoughAndOneFromAnEnvFileForItsEnvironmentOnly() throws Exception {
        idgenChartTag("v1");
        Path env = helm.resolve("environments/dev.yaml");
        Files.writeString(env, Files.readString(env).replace("egov-user:\n  replicas: 2\n", "egov-user:\n  image:\n    tag: v1.2.8\n  replicas: 2\n"));

        CliRun all = CliRun.of("validate", "--helm-dir", helm.toString());
        CliRun dev = CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "dev");

        assertThat(all.exit()).as(all.out() + all.err()).isZero();
        assertThat(all.out() + all.err()).doesNotContain("service 'egov-idgen' (module core) has no tag here")
                .contains("service 'egov-user' (module core) has no tag here, its chart requires one, and neither its values nor the env"
                        + " file of e2e set egov-user.image.tag");
        assertThat(dev.exit()).as(dev.out() + dev.err()).isZero();
        assertThat(dev.out() + dev.err()).doesNotContain("has no tag here");
    }

    @Test
    void anEmptyTagIsNoTagAndAMigrationImageTakesItsServicesTag() throws Exception {
        idgenChartTag("\"\"");
        write(helm, "product-release-charts/Demo/dependency_chart-demo-v1.1.yaml", "version: v1.1\nmodules:\n  - name: core\n    services:\n"
                + "      - egovio/egov-idgen\n      - egovio/egov-user:v1.2.8-9fde481-19\n      - egovio/egov-user-db\n");

        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out() + run.err()).contains("service 'egov-idgen' (module core) has no tag here").doesNotContain("service 'egov-user'");
    }

    private void idgenChartTag(String tag) throws java.io.IOException {
        Path idgen = helm.resolve("charts/core-services/egov-idgen/values.yaml");
        Files.writeString(idgen, Files.readString(idgen).replace("image:\n  repository: egov-idgen\n", "image:\n  repository: egov-idgen\n  tag: " + tag + "\n"));
    }
}
