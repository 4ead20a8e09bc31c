package io.digitctl.kube;

import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** status, history and rollback work from the cluster alone, without the tree (issue #9, point 7). */
class NoTreeCommandsTest extends ClusterTestBase {

    /** A command with --kubeconfig and a --helm-dir that holds no env file. */
    private CliRun withoutTree(Path helmDir, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--helm-dir", helmDir.toString(), "--kubeconfig", kubeconfig.toString()));
        if (command.equals("rollback")) {
            all.addAll(List.of("--poll", "50ms", "--pod-problem-grace", "200ms", "--timeout", "20s"));
        }
        all.addAll(Arrays.asList(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void statusHistoryAndRollbackNeedOnlyTheCluster() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        Path release = helm.resolve("product-release-charts/Demo/dependency_chart-demo-v1.0.yaml");
        Files.writeString(release, Files.readString(release).replace("egov-user:v1.2.8-9fde481-19", "egov-user:v1.2.9-abcdef0-20"));
        assertThat(deployRelease().exit()).isZero();
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        CliRun status = withoutTree(empty, "status", "-e", "dev", "-o", "json");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"image\" : \"egovio/egov-user:v1.2.9-abcdef0-20\"").contains("\"revision\" : 2");
        assertThat(status.err().lines().toList()).hasSize(2).first().asString()
                .startsWith("note: no env file for environment dev (").contains("global.kubeContext was not read")
                .contains("the kubeconfig's current context");
        assertThat(status.err().lines().toList().get(1)).startsWith("Cluster: context mock, server ");

        CliRun history = withoutTree(tmp.resolve("no-such-folder"), "history", "-e", "dev", "egov-user", "--context", "mock");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out()).containsPattern("egov-user\\s+2\\s+deployed").containsPattern("egov-user\\s+1\\s+superseded");
        assertThat(history.err()).contains("no helm folder at").contains("using context mock");

        CliRun rollback = withoutTree(empty, "rollback", "-e", "dev", "egov-user");
        assertThat(rollback.exit()).as(rollback.err() + rollback.out()).isZero();
        assertThat(rollback.err()).contains("global.kubeContext was not read");
        assertThat(image(deployment("egov-user"))).isEqualTo("egovio/egov-user:v1.2.8-9fde481-19");
        assertThat(withoutTree(empty, "history", "-e", "dev", "egov-user").out()).containsPattern("egov-user\\s+3\\s+deployed")
                .contains("rollback to revision 1");
    }

    @Test
    void withTheEnvFileNothingChanges() {
        assertThat(deployRelease().exit()).isZero();
        CliRun status = digitctl("status", "-e", "dev");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.err()).doesNotContain("note:");
    }

    @Test
    void aMisspeltEnvironmentOfATreeIsAnErrorNotAnEmptyAnswer() {
        CliRun status = digitctl("status", "-e", "devv");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).contains("No environment 'devv'").contains("Environments found:").contains("dev");
    }

    @Test
    void aKubeconfigWithoutACurrentContextIsNeverTakenForTheInClusterOne() throws Exception {
        Path noCurrent = tmp.resolve("no-current");
        Files.writeString(noCurrent, Files.readString(kubeconfig).replace("current-context: mock", ""));
        CliRun status = CliRun.of("status", "--helm-dir", helm.toString(), "--kubeconfig", noCurrent.toString(), "-e", "dev");
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).contains("names no current context").contains("it has: mock");

        Path empty = Files.writeString(tmp.resolve("empty"), "");
        CliRun nothing = CliRun.of("status", "--helm-dir", helm.toString(), "--kubeconfig", empty.toString(), "-e", "dev");
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.err()).contains("is empty or is not a kubeconfig").doesNotContain("Cannot invoke");
    }
}
