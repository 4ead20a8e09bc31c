package io.digitctl.action;

import io.digitctl.TestTrees;
import io.digitctl.cli.CliRun;
import io.digitctl.secrets.keys.KeySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** After deploy -c and secrets edit, no file in the temporary folders holds a decrypted value. */
class NoPlaintextOnDiskTest {

    private static final String SECRET = "demo-db-password";

    @TempDir
    Path tmp;

    @Test
    void deployWithClusterConfigsAndSecretsEditLeaveNoPlaintextBehind() throws Exception {
        FileTime start = FileTime.fromMillis(System.currentTimeMillis() - 1000);
        Path helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        Path key = TestTrees.examples().resolveSibling("keys/dev-demo.agekey");

        CliRun deploy = CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "dev", "-c", "-s", "Demo", "-v", "demo-v1.0",
                "--print", "--show-secrets", "--age-key-file", key.toString());
        assertThat(deploy.exit()).as(deploy.err()).isZero();

        Path scratch = Files.createDirectory(tmp.resolve("scratch"));
        Path secrets = helm.resolve("environments/dev-secrets.yaml");
        SecretsActions actions = new SecretsActions(new KeySettings(Map.of(), tmp, List.of(key), List.of(), () -> null));
        List<String> seen = new ArrayList<>();
        List<String> editor = List.of("sh", "-c", "grep -c " + SECRET + " \"$0\" > " + tmp.resolve("editor-saw.txt")
                + " && sed -i 's/" + SECRET + "/changed-db-password/' \"$0\"");
        SecretsEditAction.Outcome outcome = new SecretsEditAction(actions, editor, scratch, p -> seen.add(p) && false).edit(secrets, false);

        assertThat(outcome).isEqualTo(SecretsEditAction.Outcome.CHANGED);
        assertThat(Files.readString(tmp.resolve("editor-saw.txt")).strip()).isEqualTo("2");
        assertThat(Files.readString(secrets)).doesNotContain("changed-db-password").doesNotContain(SECRET);
        assertThat(actions.decrypt(secrets, false).documents().toString()).contains("changed-db-password").doesNotContain(SECRET);
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).as("the plaintext folder is removed").isEmpty();
        }
        List<Path> places = new ArrayList<>(List.of(Path.of(System.getProperty("java.io.tmpdir")), scratch));
        if (Files.isDirectory(Path.of("/dev/shm"))) {
            places.add(Path.of("/dev/shm"));
        }
        // the checkout itself may lie under the temporary folder, and its compiled tests hold the demo value
        Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path place : places) {
            assertThat(filesHolding(place, start, List.of(SECRET, "changed-db-password"), List.of(helm, project))).as("files in " + place).isEmpty();
        }
    }

    private static List<Path> filesHolding(Path root, FileTime since, List<String> needles, List<Path> excluded) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, 6)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (excluded.stream().anyMatch(p::startsWith) || !Files.isRegularFile(p) || !Files.isReadable(p)) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(p).compareTo(since) < 0 || Files.size(p) > 50_000_000) {
                        continue;
                    }
                    String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    if (needles.stream().anyMatch(text::contains)) {
                        found.add(p);
                    }
                } catch (IOException unreadable) {
                    // a file that vanished or cannot be read holds nothing we wrote
                }
            }
        } catch (java.io.UncheckedIOException e) {
            // folders of other processes that vanish mid-walk
        }
        return found;
    }
}
