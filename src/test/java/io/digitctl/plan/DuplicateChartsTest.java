package io.digitctl.plan;

import io.digitctl.TestTrees;
import io.digitctl.cli.CliRun;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ImageRef;
import io.digitctl.tree.DeployTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A chart name defined in two folders (pgr-services in DIGIT's health-campaign fork) blocks only
 * the requests that use it (issue #9, point 6).
 */
class DuplicateChartsTest {
    @TempDir
    Path tmp;
    Path helm;
    Path first;
    Path second;

    @BeforeEach
    void treeWithPgrTwice() {
        helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        first = helm.resolve("charts/municipal-services/pgr-services");
        second = helm.resolve("charts/health-campaign/pgr-services");
        TestTrees.copy(first, second);
    }

    @Test
    void aPlanThatDoesNotUseTheDuplicateGoesOnWithAWarningNamingBothFolders() {
        DeployPlan plan = new Planner(new DeployTree(helm), TagResolver.OFFLINE)
                .forImages(List.of(ImageRef.parse("egovio/egov-user:v1")), false);
        assertThat(plan.services()).extracting(ServiceDeploy::service).containsExactly("egov-user");
        assertThat(plan.warnings()).filteredOn(w -> w.kind() == PlanWarning.Kind.DUPLICATE_CHART).singleElement()
                .asString().contains("'pgr-services' is defined twice").contains(first.toString()).contains(second.toString())
                .contains("goes on");
    }

    @Test
    void aPlanThatUsesTheDuplicateFailsNamingBothFoldersAndWhatToDo() {
        Planner planner = new Planner(new DeployTree(helm), TagResolver.OFFLINE);
        assertThatThrownBy(() -> planner.forImages(List.of(ImageRef.parse("egovio/egov-user:v1"), ImageRef.parse("egovio/pgr-services:v2")), false))
                .isInstanceOf(DigitctlException.class)
                .hasMessageContaining("Chart name 'pgr-services' is defined twice")
                .hasMessageContaining(first.toString()).hasMessageContaining(second.toString())
                .hasMessageContaining("rename or remove all but one");
    }

    @Test
    void throughTheCliOnlyTheReleaseModulesThatNeedItFailAndValidateStillReportsIt() {
        CliRun core = CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "dev", "-s", "Demo", "-v", "demo-v1.0",
                "--modules", "core", "--print");
        assertThat(core.exit()).as(core.err()).isZero();
        assertThat(core.err()).contains("'pgr-services' is defined twice").contains(second.toString());
        assertThat(core.out()).contains("egov-user");

        CliRun pgr = CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "dev", "-s", "Demo", "-v", "demo-v1.0",
                "--modules", "m_pgr", "--print");
        assertThat(pgr.exit()).isEqualTo(1);
        assertThat(pgr.err()).contains("Chart name 'pgr-services' is defined twice").contains(first.toString()).contains(second.toString());

        CliRun validate = CliRun.of("validate", "--helm-dir", helm.toString());
        assertThat(validate.exit()).isEqualTo(1);
        assertThat(validate.out() + validate.err()).contains("'pgr-services' is defined twice");
    }
}
