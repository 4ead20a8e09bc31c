package io.digitctl.cli;

import io.digitctl.TestTrees;
import io.digitctl.action.SecretsActions;
import io.digitctl.action.SecretsEditAction;
import io.digitctl.secrets.keys.KeySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code secrets} with awkward input: editors that empty the file, break it, or are killed; keys
 * that are malformed or folders; stdout that cannot be written. Never exit 70, always a message
 * naming the thing, and the secrets file unchanged unless the edit was saved.
 */
class SecretsInputMatrixTest {

    private static final Path EXAMPLES = TestTrees.examples();
    private static final Path DEMO_KEY = EXAMPLES.resolveSibling("keys/dev-demo.agekey");
    private static final String SECRET = "demo-db-password";

    @TempDir
    Path tmp;

    private Path secrets() throws Exception {
        Path file = tmp.resolve("dev-secrets.yaml");
        if (!Files.exists(file)) {
            Files.copy(EXAMPLES.resolve("environments/dev-secrets.yaml"), file);
        }
        return file;
    }

    private Map<String, String> env(Path editor) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.toString());
        env.put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
        env.put("SOPS_AGE_KEY", "");
        env.put("SOPS_AGE_KEY_FILE", "");
        env.put("DIGITCTL_EDIT_DIR", Files.createDirectories(tmp.resolve("scratch")).toString());
        if (editor != null) {
            env.put("EDITOR", editor.toString());
        }
        return env;
    }

    private Path editorScript(String body) throws Exception {
        Path script = tmp.resolve("editor.sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private String decrypted(Path file) {
        return new SecretsActions(new KeySettings(Map.of(), tmp, List.of(DEMO_KEY), List.of(), () -> null))
                .decrypt(file, false).documents().toString();
    }

    @ParameterizedTest(name = "[{index}] secrets edit: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            an editor that empties the file      | : > "$1"                                                                                              | 0 | The edit was empty;kept as it was | false
            invalid, then saved as shown         | if grep -q '^# digitctl:' "$1"; then exit 0; fi; echo 'broken: [' >> "$1"                            | 0 | does not parse;No change          | false
            invalid, then fixed in the editor    | if grep -q '^# digitctl:' "$1" && grep -q '^broken: \\[' "$1"; then sed -i -e '/^broken: \\[/d' -e 's/demo-db-password/fixed-password/' "$1"; else echo 'broken: [' >> "$1"; fi | 0 | opens again;Saved | true
            an editor that fails                 | exit 3                                                                                                | 1 | exited with 3;nothing was changed | false
            an editor that keeps adding a sops block | printf 'sops:\\n    version: x\\n' >> "$1"                                                     | 1 | contains a 'sops' block;left unchanged | false
            """)
    void editKeepsTheFileUnlessAValidEditIsSaved(String what, String script, int exit, String messages, boolean changes) throws Exception {
        Path file = secrets();
        String before = Files.readString(file);
        CliRun run = CliProcess.run(env(editorScript(script)), tmp, "secrets", "edit", file.toString(), "--age-key-file", DEMO_KEY.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        for (String m : messages.split(";")) {
            assertThat(run.err()).as(what).contains(m);
        }
        assertThat(run.err()).doesNotContain(SECRET).doesNotContain("internal error");
        if (changes) {
            assertThat(decrypted(file)).contains("fixed-password").doesNotContain("broken");
        } else {
            assertThat(Files.readString(file)).as("the secrets file is unchanged").isEqualTo(before);
        }
        try (var left = Files.list(tmp.resolve("scratch"))) {
            assertThat(left).as("no plaintext left").isEmpty();
        }
    }

    @Test
    void editIgnoreMacOnAFileWhoseMacFailsNeedsConfirmation() throws Exception {
        Path file = secrets();
        Files.writeString(file, Files.readString(file).replace("lastmodified: \"2026-11-26T04:23:34Z\"", "lastmodified: \"2026-11-26T04:23:35Z\""));
        String tampered = Files.readString(file);
        Path editor = editorScript("sed -i 's/demo-db-password/fixed-password/' \"$1\"");

        CliRun refused = CliProcess.run(env(editor), tmp, "secrets", "edit", file.toString(), "--ignore-mac", "--age-key-file", DEMO_KEY.toString());
        assertThat(refused.exit()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("re-signs content that nobody verified").contains("--yes").contains(file.toString());
        assertThat(Files.readString(file)).isEqualTo(tampered);

        CliRun confirmed = CliProcess.run(env(editor), tmp, "secrets", "edit", file.toString(), "--ignore-mac", "--yes",
                "--age-key-file", DEMO_KEY.toString());
        assertThat(confirmed.exit()).as(confirmed.err()).isZero();
        assertThat(confirmed.err()).contains("Going on (--yes)").contains("Saved");
        assertThat(decrypted(file)).contains("fixed-password");
    }

    /** Item 4: a signal during the edit ends the editor and wipes the plaintext. */
    @ParameterizedTest(name = "[{index}] SIG{0} during secrets edit")
    @ValueSource(strings = {"TERM", "HUP", "INT"})
    void aSignalEndsTheEditorAndWipesThePlaintext(String signal) throws Exception {
        Path file = secrets();
        String before = Files.readString(file);
        Path seen = tmp.resolve("seen");
        Path editor = editorScript("echo \"$1\" > " + seen + ".tmp; echo $$ >> " + seen + ".tmp; mv " + seen + ".tmp " + seen + "; exec sleep 300");
        Process digitctl = CliProcess.start(env(editor), tmp.resolve("out.txt"), tmp.resolve("err.txt"),
                "secrets", "edit", file.toString(), "--age-key-file", DEMO_KEY.toString());
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(seen) && System.currentTimeMillis() < deadline && digitctl.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(seen).as(Files.readString(tmp.resolve("err.txt"))).exists();
            List<String> lines = Files.readAllLines(seen);
            Path plain = Path.of(lines.get(0));
            long editorPid = Long.parseLong(lines.get(1).strip());
            assertThat(Files.readString(plain)).contains(SECRET);

            new ProcessBuilder("kill", "-" + signal, Long.toString(digitctl.pid())).inheritIO().start().waitFor();
            assertThat(digitctl.waitFor(30, TimeUnit.SECONDS)).as("digitctl ends on SIG" + signal).isTrue();

            assertThat(plain).as("the plaintext is wiped").doesNotExist();
            assertThat(plain.getParent()).doesNotExist();
            long until = System.currentTimeMillis() + 5_000;
            while (ProcessHandle.of(editorPid).map(ProcessHandle::isAlive).orElse(false) && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            assertThat(ProcessHandle.of(editorPid).map(ProcessHandle::isAlive).orElse(false)).as("the editor is ended").isFalse();
            assertThat(Files.readString(file)).isEqualTo(before);
        } finally {
            digitctl.descendants().forEach(ProcessHandle::destroyForcibly);
            digitctl.destroyForcibly();
        }
    }

    @Test
    void plaintextLeftByAKilledEditIsWipedOnTheNextRunWithAWarning() throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        long candidate = 4_000_000;
        while (ProcessHandle.of(candidate).isPresent()) {
            candidate++;
        }
        long deadPid = candidate;
        Path leftover = Files.createDirectories(scratch.resolve("digitctl-edit-" + deadPid + "-123"));
        Files.writeString(leftover.resolve("dev-secrets.yaml"), "password: " + SECRET);
        Files.setLastModifiedTime(leftover, FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L));
        Path alive = Files.createDirectories(scratch.resolve("digitctl-edit-" + ProcessHandle.current().pid() + "-456"));
        Path other = Files.createDirectories(scratch.resolve("digitctl-editor-notes"));

        List<String> warnings = new ArrayList<>();
        SecretsActions actions = new SecretsActions(new KeySettings(Map.of(), tmp, List.of(DEMO_KEY), List.of(), () -> null));
        SecretsEditAction.Outcome outcome = new SecretsEditAction(actions, List.of("true"), scratch, p -> false)
                .warnings(warnings::add).edit(secrets(), false);

        assertThat(outcome).isEqualTo(SecretsEditAction.Outcome.UNCHANGED);
        assertThat(leftover).doesNotExist();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(leftover.toString()).contains("process " + deadPid));
        assertThat(alive).as("a live process's folder stays").exists();
        assertThat(other).exists();
    }

    @ParameterizedTest(name = "[{index}] keys: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a bad line before a good one in a key file | badfirst | 0 | line 1 of --age-key-file
            a bad key file beside a good one           | badfile  | 0 | line 2 of --age-key-file
            a folder as --age-key-file                 | folder   | 1 | is a folder, not a file
            """)
    void aBadIdentityIsAWarningAndTheOtherKeysAreTried(String what, String kind, int exit, String message) throws Exception {
        String good = Files.readString(DEMO_KEY);
        List<String> args = new ArrayList<>(List.of("secrets", "decrypt", secrets().toString()));
        switch (kind) {
            case "badfirst" -> args.addAll(List.of("--age-key-file", TestTrees.write(tmp, "keys.txt", "AGE-SECRET-KEY-1BROKEN\n" + good).toString()));
            case "badfile" -> args.addAll(List.of("--age-key-file", TestTrees.write(tmp, "bad.txt", "# bad\nAGE-SECRET-KEY-1NOPE\n").toString(),
                    "--age-key-file", DEMO_KEY.toString()));
            default -> args.addAll(List.of("--age-key-file", Files.createDirectories(tmp.resolve("keys.d")).toString()));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        assertThat(run.err()).contains(message).doesNotContain("internal error").doesNotContain("AGE-SECRET-KEY-1NOPE")
                .doesNotContain("AGE-SECRET-KEY-1BROKEN");
        if (exit == 0) {
            assertThat(run.err()).contains("malformed");
            assertThat(run.out()).contains(SECRET);
        }
    }

    @ParameterizedTest(name = "[{index}] keys from the environment: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            SOPS_AGE_KEY with a bad line          | SOPS_AGE_KEY      | 0 | line 1 of SOPS_AGE_KEY
            SOPS_AGE_KEY_FILE with a bad line     | SOPS_AGE_KEY_FILE | 0 | line 1 of SOPS_AGE_KEY_FILE
            SOPS_AGE_KEY_FILE naming a folder     | folder            | 1 | SOPS_AGE_KEY_FILE names
            """)
    void badIdentitiesFromTheEnvironment(String what, String kind, int exit, String message) throws Exception {
        Map<String, String> env = env(null);
        switch (kind) {
            case "SOPS_AGE_KEY" -> env.put("SOPS_AGE_KEY", "AGE-SECRET-KEY-1BROKEN");
            case "SOPS_AGE_KEY_FILE" -> env.put("SOPS_AGE_KEY_FILE", TestTrees.write(tmp, "env-keys.txt", "AGE-SECRET-KEY-1BROKEN\n").toString());
            default -> env.put("SOPS_AGE_KEY_FILE", Files.createDirectories(tmp.resolve("keys.d")).toString());
        }
        CliRun run = CliProcess.run(env, tmp, "secrets", "decrypt", secrets().toString(), "--age-key-file", DEMO_KEY.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        assertThat(run.err()).contains(message).doesNotContain("internal error");
        if (exit == 0) {
            assertThat(run.out()).contains(SECRET);
        }
    }

    @Test
    void decryptToAFullDiskFails() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "Skipped: no /dev/full on this system.");
        CliRun run = CliProcess.runTo(Path.of("/dev/full"), env(null), tmp, "secrets", "decrypt", secrets().toString(),
                "--age-key-file", DEMO_KEY.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("Cannot write").contains("stdout");
        CliRun extract = CliProcess.runTo(Path.of("/dev/full"), env(null), tmp, "secrets", "decrypt", secrets().toString(),
                "--age-key-file", DEMO_KEY.toString(), "--extract", "[\"cluster-configs\"][\"secrets\"][\"db\"][\"password\"]");
        assertThat(extract.exit()).as(extract.err()).isEqualTo(1);
        assertThat(extract.err()).contains("Cannot write");
    }
}
