package io.digitctl.build;

import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BuildCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void versionNextWritesAndVersionTagStartsTheNextRound() throws Exception {
        try (TestRepo repo = new TestRepo(tmp)) {
            repo.commit("svc/VERSION", "1.0.0\n", "chore: start");
            repo.tag("svc-v1.0.0");
            repo.commit("svc/src/A.java", "a", "feat: something new");
            String dir = tmp.resolve("svc").toString();

            CliRun next = CliRun.of("version", "next", "--work-dir", dir, "--write");
            assertThat(next.exit()).as(next.err()).isZero();
            assertThat(next.out()).isEqualTo("1.1.0\n");
            assertThat(next.err()).contains("Last version tag: svc-v1.0.0; release: minor (feat: something new)");
            assertThat(Files.readString(tmp.resolve("svc/VERSION"))).isEqualTo("1.1.0\n");
            repo.git.add().addFilepattern("svc/VERSION").call();
            repo.commit("svc/CHANGELOG", "1.1.0\n", "chore(release): 1.1.0");

            CliRun tag = CliRun.of("version", "tag", "--work-dir", dir);
            assertThat(tag.out()).isEqualTo("svc-v1.1.0\n");
            assertThat(CliRun.of("version", "next", "--work-dir", dir).out()).isEqualTo("1.1.0\n");
        }
    }

    @Test
    void aBuildWhoseGateFailsExitsNonZeroAndSaysWhichGateAndWhereItsLogIs() throws Exception {
        Path repo = tmp.resolve("repo");
        try (TestRepo git = ServiceFixture.create(repo, "    gates:\n      - {name: unit tests, command: \"echo 2 tests failed; exit 1\"}")) {
            Path record = tmp.resolve("record.json");
            CliRun run = CliRun.of("build", "egov-hello", "--repo", repo.toString(), "--registry", "127.0.0.1:1/egovio",
                    "--build-number", "5", "--record", record.toString(), "--log-dir", tmp.resolve("logs").toString());

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED " + ServiceFixture.JOB + ": gate 'unit tests' failed with exit code 1; nothing was pushed.");
            assertThat(run.err()).contains("gate unit tests: FAILED with exit code 1").contains("log " + tmp.resolve("logs"));
            assertThat(Files.readString(record)).contains("\"result\" : \"gate-failed\"").contains("\"failedGate\" : \"unit tests\"");
        }
    }

    @Test
    void aJobThatIsNotInTheConfigIsNamedWithTheJobsThatAre() throws Exception {
        Path repo = tmp.resolve("repo");
        try (TestRepo git = ServiceFixture.create(repo, "")) {
            CliRun run = CliRun.of("build", "egov-nope", "--repo", repo.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("No job 'egov-nope'").contains(ServiceFixture.JOB);
        }
    }
}
