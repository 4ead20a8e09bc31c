package io.digitctl.web;

import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aListenAddressWithoutAPortIsAWrongCommandLine() {
        CliRun run = CliRun.of("serve", "--listen", "localhost", "--helm-dir", tmp.toString());
        assertThat(run.exit()).isEqualTo(64);
        assertThat(run.err()).contains("--listen takes HOST:PORT");
    }

    @Test
    void aTreeWithoutEnvironmentsSaysWhatToGive() {
        CliRun run = CliRun.of("serve", "--listen", "127.0.0.1:0", "--helm-dir", tmp.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("No environments to show").contains("--env");
    }

    @Test
    void aTokenLabelIsAPlainName() {
        CliRun run = CliRun.of("serve", "--allow-actions", "--token-label", "a b<script>", "--helm-dir", tmp.toString());
        assertThat(run.exit()).isEqualTo(64);
        assertThat(run.err()).contains("--token-label");
    }
}
