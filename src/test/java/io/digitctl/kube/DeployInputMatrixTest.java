package io.digitctl.kube;

import io.digitctl.TestTrees;
import io.digitctl.cli.CliProcess;
import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy and the cluster commands with wrong input: a context the kubeconfig lacks, a kubeconfig
 * that is missing, odd flags, an --output-dir in the way. Never exit 70, a message naming the
 * thing, nothing sent to the cluster and no file lost.
 */
class DeployInputMatrixTest extends ClusterTestBase {

    @ParameterizedTest(name = "[{index}] {0} --context nope")
    @CsvSource(delimiter = '|', textBlock = """
            deploy   | -e dev -s Demo -v demo-v1.0
            diff     | -e dev -s Demo -v demo-v1.0
            status   | -e dev
            history  | -e dev
            rollback | -e dev egov-user
            """)
    void aContextTheKubeconfigLacksIsAnErrorListingItsContexts(String command, String args) {
        List<String> all = new ArrayList<>(Arrays.asList(args.split(" ")));
        all.addAll(List.of("--context", "nope"));
        CliRun run = digitctl(command, all.toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("context 'nope'").contains("it has: mock").contains(kubeconfig.toString()).doesNotContain("internal error");
        assertThat(cluster.requestCount()).as("nothing reached the cluster").isZero();
    }

    @Test
    void aMisspeltKubeContextInTheEnvFileIsAnErrorToo() throws Exception {
        Path env = helm.resolve("environments/dev.yaml");
        Files.writeString(env, Files.readString(env).replaceFirst("global:\n", "global:\n  kubeContext: prod-cluster\n"));
        CliRun run = deployRelease();
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("context 'prod-cluster'").contains("global.kubeContext").contains("it has: mock");
        assertThat(cluster.requestCount()).isZero();
    }

    @Test
    void everyClusterCommandSaysWhichClusterBeforeItChangesAnything() {
        CliRun deploy = deployRelease();
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        String line = "Cluster: context mock, server " + cluster.url();
        assertThat(deploy.err()).startsWith(line);
        CliRun status = digitctl("status", "-e", "dev");
        assertThat(status.err()).contains(line);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a kubeconfig that does not exist | missing | does not exist
            a kubeconfig that is a folder    | folder  | is a folder, not a file
            """)
    void aKubeconfigThatIsNotAFileIsNamed(String what, String kind, String message) throws Exception {
        Path file = kind.equals("folder") ? Files.createDirectories(tmp.resolve("kube.d")) : tmp.resolve("no-such-kubeconfig");
        CliRun run = CliRun.of("deploy", "--helm-dir", helm.toString(), "--kubeconfig", file.toString(), "-e", "dev", "-s", "Demo", "-v", "demo-v1.0");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains(file.toString()).contains(message).contains("--kubeconfig");
    }

    @Test
    void kubeconfigNamingAMissingFileIsTheSameClearError() throws Exception {
        Path missing = tmp.resolve("no-such-kubeconfig");
        CliRun run = CliProcess.run(Map.of("KUBECONFIG", missing.toString(), "HOME", tmp.toString()), tmp,
                "status", "--helm-dir", helm.toString(), "-e", "dev");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("The kubeconfig " + missing + " (KUBECONFIG) does not exist.");
    }

    /** Flags and names that are wrong: a usage error (64) or a failure (1), with a message naming them; the tree is unchanged. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            --timeout 0s                  | 64 | '0s' is not a positive duration        | -e dev -s Demo -v demo-v1.0 --timeout 0s
            --poll 0                      | 64 | '0' is not a positive duration         | -e dev -s Demo -v demo-v1.0 --poll 0
            --modules ,                   | 64 | --modules has an empty module name     | -e dev -s Demo -v demo-v1.0 --modules , --print
            --modules ,m_pgr              | 64 | --modules has an empty module name     | -e dev -s Demo -v demo-v1.0 --modules ,m_pgr --print
            an env name with a path       | 1  | '../x' is not an environment name     | -e ../x -s Demo -v demo-v1.0 --print
            an env name of a secrets path | 1  | 'environments/dev' is not an environment name | -e environments/dev -s Demo -v demo-v1.0 --print
            --parallel 0                  | 64 | --parallel must be at least 1          | -e dev -s Demo -v demo-v1.0 --parallel 0 --print
            """)
    void wrongFlagsAreNamed(String what, int exit, String message, String args) {
        Map<String, String> before = TestTrees.snapshot(helm);
        CliRun run = digitctl("deploy", args.split(" "));
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        assertThat(run.err()).contains(message).doesNotContain("internal error");
        assertThat(run.out()).isEmpty();
        assertThat(cluster.requestCount()).isZero();
        assertThat(TestTrees.snapshot(helm)).isEqualTo(before);
    }

    @Test
    void aHelmDirThatIsAFileIsCalledAFile() throws Exception {
        Path file = TestTrees.write(tmp, "helm.txt", "not a folder");
        CliRun run = CliRun.of("deploy", "--helm-dir", file.toString(), "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--print");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(file.toString()).contains("is a file, not a folder").doesNotContain("does not exist");
    }

    @ParameterizedTest(name = "[{index}] misspelt: {0}")
    @CsvSource({"deplyo,deploy", "validat,validate", "secrets decrpyt,decrypt", "relase,release"})
    void aMisspeltCommandGetsASuggestion(String typed, String suggestion) {
        CliRun run = CliRun.of(typed.split(" "));
        assertThat(run.exit()).isEqualTo(64);
        assertThat(run.err()).contains("Did you mean").contains(suggestion);
    }

    @ParameterizedTest(name = "[{index}] --output-dir: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            inside the --helm-dir tree                | tree    | inside the --helm-dir tree
            a service folder digitctl did not write    | foreign | which digitctl did not write
            a file named like a service               | file    | which digitctl did not write
            the chart tree's own charts folder         | charts  | inside the --helm-dir tree
            """)
    void outputDirReplacesOnlyWhatDigitctlWrote(String what, String kind, String message) throws Exception {
        Path out = switch (kind) {
            case "tree" -> helm.resolve("out");
            case "charts" -> helm.resolve("charts/core-services");
            default -> tmp.resolve("out");
        };
        if (kind.equals("foreign")) {
            TestTrees.write(out, "egov-user/notes.txt", "my notes");
        } else if (kind.equals("file")) {
            TestTrees.write(out, "egov-idgen", "a file of mine");
        }
        Map<String, String> tree = TestTrees.snapshot(helm);
        Map<String, String> mine = Files.exists(out) ? TestTrees.snapshot(out) : Map.of();

        CliRun run = digitctl("deploy", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--output-dir", out.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains(message).doesNotContain("internal error");
        if (kind.equals("foreign")) {
            assertThat(run.err()).contains(out.resolve("egov-user").toString());
        } else if (kind.equals("file")) {
            assertThat(run.err()).contains(out.resolve("egov-idgen").toString());
        }
        assertThat(TestTrees.snapshot(helm)).as("the tree is unchanged").isEqualTo(tree);
        if (!mine.isEmpty()) {
            assertThat(TestTrees.snapshot(out)).as("the user's files are unchanged").isEqualTo(mine);
        }
    }

    @Test
    void outputDirReplacesItsOwnFoldersOnTheNextRun() {
        Path out = tmp.resolve("out");
        assertThat(digitctl("deploy", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--output-dir", out.toString()).exit()).isZero();
        assertThat(out.resolve("egov-user/.digitctl-output")).exists();
        CliRun again = digitctl("deploy", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--output-dir", out.toString());
        assertThat(again.exit()).as(again.err()).isZero();
    }

    @Test
    void printToAFullDiskFails() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "Skipped: no /dev/full on this system.");
        CliRun run = CliProcess.runTo(Path.of("/dev/full"), Map.of("HOME", tmp.toString()), tmp,
                "deploy", "--helm-dir", helm.toString(), "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--print");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("Cannot write the manifests to stdout");
        CliRun list = CliProcess.runTo(Path.of("/dev/full"), Map.of("HOME", tmp.toString()), tmp, "release", "list", "--helm-dir", helm.toString());
        assertThat(list.exit()).as(list.err()).isEqualTo(1);
        assertThat(list.err()).contains("Cannot write to stdout");
    }

    @ParameterizedTest(name = "[{index}] release pin with {0}")
    @CsvSource(delimiter = '|', textBlock = """
            an empty build record | ''        | is empty or incomplete
            an empty JSON object  | '{}'      | is empty or incomplete
            a record that is JSON null | null | is empty or incomplete
            a folder              | FOLDER    | is a folder, not a file
            no file               | MISSING   | does not exist
            """)
    void releasePinWithABadRecordIsNamed(String what, String content, String message) throws Exception {
        Path record = tmp.resolve("build.json");
        if (content.equals("FOLDER")) {
            Files.createDirectories(record);
        } else if (!content.equals("MISSING")) {
            Files.writeString(record, content);
        }
        Map<String, String> before = TestTrees.snapshot(helm);
        CliRun run = CliRun.of("release", "pin", "--helm-dir", helm.toString(), "-s", "Demo", "-v", "demo-v1.0", "--from-build", record.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains(record.toString()).contains(message);
        assertThat(TestTrees.snapshot(helm)).isEqualTo(before);
    }
}
