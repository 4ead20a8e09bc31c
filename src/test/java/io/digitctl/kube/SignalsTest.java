package io.digitctl.kube;

import io.digitctl.cli.CliProcess;
import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C, CI cancels and SIGKILL during a deploy, sent to the real CLI in its own process. */
class SignalsTest extends ClusterTestBase {

    /** A deploy whose rollouts never end, started in its own process and waited for until egov-user is being applied. */
    private Process deployInFlight() throws Exception {
        cluster.rolloutTime(600_000);
        Process deploy = startDeploy(tmp.resolve("out.txt"), tmp.resolve("err.txt"));
        awaitPending("egov-user", deploy, tmp.resolve("err.txt"));
        return deploy;
    }

    private Process startDeploy(Path out, Path err) throws Exception {
        List<String> args = new ArrayList<>(List.of("deploy", "--helm-dir", helm.toString(), "--kubeconfig", kubeconfig.toString(),
                "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "-c", "--age-key-file", demoKey, "--poll", "50ms", "--timeout", "5m"));
        return CliProcess.start(Map.of(), out, err, args.toArray(String[]::new));
    }

    private List<String> revisionStatuses(String service) {
        return cluster.storedList("/api/v1/namespaces/egov/secrets").stream()
                .filter(s -> service.equals(KubeObjects.labels(s).get("digitctl.io/service")) && KubeObjects.labels(s).containsKey("digitctl.io/revision"))
                .map(s -> KubeObjects.labels(s).get("digitctl.io/status")).toList();
    }

    private void awaitPending(String service, Process p, Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!revisionStatuses(service).contains("pending")) {
            assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
            assertThat(System.nanoTime()).as("a pending revision of " + service).isLessThan(deadline);
            Thread.sleep(100);
        }
        Thread.sleep(300);
    }

    private static void signal(Process p, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalStopsTheDeployWithinSecondsRecordsItAndReleasesTheLock(String signal, int code) throws Exception {
        Process deploy = deployInFlight();
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");

        long sent = System.nanoTime();
        signal(deploy, signal);
        boolean stopped = deploy.waitFor(15, TimeUnit.SECONDS);
        if (!stopped) {
            deploy.destroyForcibly().waitFor();
        }
        assertThat(stopped).as("stopped within seconds: " + Files.readString(err) + Files.readString(out)).isTrue();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sent);

        assertThat(deploy.exitValue()).as(Files.readString(err)).isEqualTo(code);
        assertThat(seconds).isLessThan(15);
        assertThat(Files.readString(err)).contains("Stopping (SIG" + signal + ")");
        assertThat(Files.readString(out)).contains("Stopped by SIG" + signal)
                .containsPattern("egov-user\\s+\\S+\\s+failed\\s+.*interrupted by SIG" + signal)
                .containsPattern("billing-service\\s+\\S+\\s+not started\\s+.*SIG" + signal + " stopped the deploy");
        assertThat(revisionStatuses("egov-user")).containsExactly("interrupted");
        assertThat(cluster.storedList("/api/v1/namespaces/default/secrets"))
                .anyMatch(s -> String.valueOf(KubeObjects.metadata(s).get("name")).startsWith("digitctl.dev.deploy."));
        assertThat(cluster.stored("/apis/coordination.k8s.io/v1/namespaces/default/leases/digitctl-lock-dev")).as("lock released").isNull();
    }

    @Test
    void aSecondSignalEndsTheProcessAtOnce() throws Exception {
        Process deploy = deployInFlight();
        cluster.latency(5_000);

        signal(deploy, "INT");
        Thread.sleep(500);
        long sent = System.nanoTime();
        signal(deploy, "INT");

        assertThat(deploy.waitFor(3, TimeUnit.SECONDS)).as("the second signal ends it at once").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(3000);
        assertThat(deploy.exitValue()).isEqualTo(130);
    }

    @Test
    void aKilledDeployLeavesAPendingRevisionThatALaterDeployMarksAbandoned() throws Exception {
        Process deploy = deployInFlight();

        deploy.destroyForcibly().waitFor();
        assertThat(revisionStatuses("egov-user")).containsExactly("pending");
        cluster.rolloutTime(60);

        CliRun locked = deployRelease();
        assertThat(locked.exit()).isEqualTo(1);
        assertThat(locked.err()).contains("(pid " + deploy.pid() + ")");
        CliRun next = deployRelease("--force-unlock");
        assertThat(next.exit()).as(next.err() + next.out()).isZero();

        assertThat(revisionStatuses("egov-user")).containsExactlyInAnyOrder("abandoned", "deployed");
        assertThat(digitctl("history", "-e", "dev", "egov-user").out()).containsPattern("egov-user\\s+1\\s+abandoned");
    }
}
