package io.digitctl.kube;

import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A 409 while the ledger records a deploy is retried, or reported as a conflict: never an internal error. */
class LedgerConflictTest extends ClusterTestBase {

    @Test
    void aConflictOnceWhileRecordingIsRetried() {
        cluster.fail("PUT", "/secrets/digitctl.dev.egov-user.v1", 409, 1);
        CliRun run = deployRelease();
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(cluster.requestLog().stream().filter(r -> r.startsWith("PUT") && r.contains("/secrets/digitctl.dev.egov-user.v1")).count())
                .isEqualTo(2);
        CliRun history = digitctl("history", "-e", "dev", "egov-user");
        assertThat(history.out()).containsPattern("egov-user\\s+1\\s+deployed");
    }

    @Test
    void aConflictThatPersistsFailsWithAClearMessage() {
        cluster.fail("PUT", "/secrets/digitctl.dev.egov-user.v1", 409, 1000);
        CliRun run = deployRelease();
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out() + run.err()).contains("The ledger record Secret/egov/digitctl.dev.egov-user.v1 of egov-user kept changing")
                .contains("409 Conflict").doesNotContain("internal error");
    }
}
