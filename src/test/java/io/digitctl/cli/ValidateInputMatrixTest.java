package io.digitctl.cli;

import io.digitctl.TestTrees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * validate and deploy --print on odd trees: neither crashes (exit 70), both name the thing, validate
 * fails where deploy cannot render (with deploy's message), and the tree is left as it was.
 */
class ValidateInputMatrixTest {

    @TempDir
    Path tmp;
    Path helm;

    @BeforeEach
    void copyTree() {
        helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
    }

    /** A tree change, whether deploy fails too, and what both messages must say. */
    record Row(String what, Consumer<Path> change, boolean validateFails, boolean deployFails, String message) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("an env key that YAML reads as a boolean (no:)", h -> append(h, "environments/dev.yaml", "\nno:\n  replicas: 1\n"),
                        false, false, "'false'"),
                new Row("an env key that YAML reads as a number (1:)", h -> append(h, "environments/dev.yaml", "\n1:\n  replicas: 1\n"),
                        false, false, "'1'"),
                new Row("an empty env file", h -> write(h, "environments/dev.yaml", ""), true, true, "dev.yaml: the env file is empty"),
                new Row("an env file of comments only", h -> write(h, "environments/dev.yaml", "# nothing yet\n"), true, true, "the env file is empty"),
                new Row("an env file that is not UTF-8", h -> writeBytes(h, "environments/dev.yaml", new byte[] {'a', ':', ' ', (byte) 0xff, '\n'}),
                        true, true, "not UTF-8"),
                new Row("the common chart removed", h -> delete(h.resolve("charts/common")), true, true,
                        "dependency 'common' points to file://../../common, but " + "COMMON" + " is not a chart"),
                new Row("a chart without Chart.yaml", h -> delete(h.resolve("charts/core-services/egov-user/Chart.yaml")), true, true,
                        "egov-user is not a Helm chart: it has no Chart.yaml."),
                new Row("a chart folder that is a file", h -> {
                    delete(h.resolve("charts/core-services/egov-idgen"));
                    write(h, "charts/core-services/egov-idgen", "not a folder");
                }, true, true, "egov-idgen"),
                new Row("charts/ that is a file", h -> {
                    delete(h.resolve("charts"));
                    write(h, "charts", "not a folder");
                }, true, true, "charts"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rows")
    void validateAndDeployAgreeAndNeitherCrashes(Row row) {
        row.change().accept(helm);
        Map<String, String> before = TestTrees.snapshot(helm);

        CliRun validate = CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "dev");
        CliRun deploy = CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--print");

        assertThat(validate.exit()).as(validate.out() + validate.err()).isNotEqualTo(70).isEqualTo(row.validateFails() ? 1 : 0);
        assertThat(deploy.exit()).as(deploy.err()).isNotEqualTo(70).isEqualTo(row.deployFails() ? 1 : 0);
        String message = row.message().replace("COMMON", helm.resolve("charts/common").toString());
        assertThat(validate.out() + validate.err()).contains(message);
        if (row.deployFails()) {
            assertThat(deploy.err()).contains(message);
        }
        assertThat(TestTrees.snapshot(helm)).as("the tree is unchanged").isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void aChartFolderWithoutReadPermissionIsNamed() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "Skipped: running as root, where folder permissions are not enforced (the matrix covers a chart folder that is a file).");
        Path chart = helm.resolve("charts/core-services/egov-idgen");
        Files.setPosixFilePermissions(chart, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try {
            for (CliRun run : new CliRun[] {CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "dev"),
                    CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--print")}) {
                assertThat(run.exit()).as(run.err()).isEqualTo(1);
                assertThat(run.out() + run.err()).contains("egov-idgen").contains("permission denied");
            }
        } finally {
            Files.setPosixFilePermissions(chart, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    static void append(Path h, String file, String text) {
        try {
            Files.writeString(h.resolve(file), text, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path h, String file, String text) {
        TestTrees.write(h, file, text);
    }

    static void writeBytes(Path h, String file, byte[] bytes) {
        try {
            Files.write(h.resolve(file), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path p) {
        try {
            io.digitctl.files.FileTrees.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
