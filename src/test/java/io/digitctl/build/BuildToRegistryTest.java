package io.digitctl.build;

import io.digitctl.action.BuildAction;
import io.digitctl.event.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Builds with jib (and buildah when installed) and pushes to Debian's docker-registry on 127.0.0.1. */
class BuildToRegistryTest {

    @TempDir
    Path tmp;

    private BuildRecord build(Path repo, LocalRegistry registry, String buildNumber, Path record) {
        return new BuildAction(ProgressListener.SILENT).run(new BuildAction.Request(repo.resolve("build/build-config.yml"), repo,
                "egov-hello", new RegistryTarget(registry.address() + "/egovio", true, null, null), buildNumber, null,
                TagPolicy.DEFAULT, tmp.resolve("logs"), record, Map.of()));
    }

    @Test
    void aJibBuildIsPushedWithTheDigestTheRecordSaysAndIsReproducible() throws Exception {
        Path repo = tmp.resolve("repo");
        try (TestRepo git = ServiceFixture.create(repo, "    gates:\n      - {name: unit tests, command: \"test -f pom.xml\"}");
             LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
            String commit;
            try (GitRepo r = GitRepo.find(repo)) {
                commit = r.folderCommit(repo.resolve("core-services/egov-hello"));
            }
            Path recordFile = tmp.resolve("record.json");

            BuildRecord first = build(repo, registry, "7", recordFile);

            String tag = "v1.4.0-" + commit + "-7";
            assertThat(first.result()).isEqualTo("pushed");
            assertThat(first.tag()).isEqualTo(tag);
            assertThat(first.images()).extracting(BakedImage::reference).containsExactly(
                    registry.address() + "/egovio/egov-hello:" + tag, registry.address() + "/egovio/egov-hello-db:" + tag);
            assertThat(registry.tags("egovio/egov-hello")).contains(tag);
            assertThat(registry.digest("egovio/egov-hello", tag)).contains(first.images().get(0).digest());
            assertThat(registry.digest("egovio/egov-hello-db", tag)).contains(first.images().get(1).digest());
            assertThat(first.gates()).singleElement().satisfies(g -> assertThat(g.passed()).isTrue());
            BuildRecord read = BuildRecord.read(recordFile);
            assertThat(read.images()).isEqualTo(first.images());
            assertThat(read.commit()).isEqualTo(commit);
            assertThat(read.branch()).isEqualTo("master");
            assertThat(Files.readString(Path.of(first.sbom()))).contains("\"purl\" : \"pkg:maven/org.postgresql/postgresql@42.7.4\"");

            BuildRecord second = build(repo, registry, "7", null);
            assertThat(second.images()).extracting(BakedImage::digest).isEqualTo(first.images().stream().map(BakedImage::digest).toList());
        }
    }

    @Test
    void aFailingGateStopsTheBuildBeforeAnythingIsPushed() throws Exception {
        Path repo = tmp.resolve("repo");
        try (TestRepo git = ServiceFixture.create(repo, "    gates:\n      - {name: lint, command: \"echo style problems; exit 3\"}\n      - {name: never, command: \"true\"}");
             LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
            BuildRecord record = build(repo, registry, "8", tmp.resolve("record.json"));

            assertThat(record.result()).isEqualTo("gate-failed");
            assertThat(record.failedGate()).isEqualTo("lint");
            assertThat(record.images()).isEmpty();
            assertThat(record.gates()).hasSize(1);
            assertThat(Files.readString(Path.of(record.gates().get(0).log()))).contains("style problems");
            assertThat(record.message()).contains("gate 'lint' failed with exit code 3; nothing was pushed").contains(record.gates().get(0).log());
            assertThat(BuildRecord.read(tmp.resolve("record.json")).failedGate()).isEqualTo("lint");
            assertThat(registry.status("/v2/egovio/egov-hello/tags/list")).isEqualTo(404);
        }
    }

    @Test
    void aDockerfileJobIsBuiltWithBuildah() throws Exception {
        assumeTrue(BuildahBaker.installed(), "Skipped: buildah is not installed.");
        Path repo = tmp.resolve("repo");
        try (TestRepo git = new TestRepo(repo);
             LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
            write(repo, "web/VERSION", "2.0.1\n");
            write(repo, "web/hello.txt", "hello\n");
            write(repo, "web/Dockerfile", "FROM scratch\nCOPY hello.txt /hello.txt\n");
            write(repo, "build/build-config.yml", "config:\n  - name: builds/web\n    build:\n      - work-dir: web\n        image-name: web\n");
            git.git.add().addFilepattern(".").call();
            git.commit("web/README.md", "web\n", "feat: web");

            BuildRecord record = new BuildAction(ProgressListener.SILENT).run(new BuildAction.Request(repo.resolve("build/build-config.yml"),
                    repo, "builds/web", new RegistryTarget(registry.address() + "/egovio", true, null, null), "1", "feature/x",
                    TagPolicy.DEFAULT, tmp.resolve("logs"), null, Map.of()));

            assertThat(record.tag()).startsWith("feature-x-").endsWith("-1");
            assertThat(registry.digest("egovio/web", record.tag())).contains(record.images().get(0).digest());
        }
    }
}
