package io.digitctl.build;

import io.digitctl.TestTrees;
import io.digitctl.action.BuildAction;
import io.digitctl.cli.CliRun;
import io.digitctl.event.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** From a build record to a deploy, and to a pinned release. */
class HandOffTest {

    @TempDir
    Path tmp;

    @Test
    void releasePinChangesOnlyTheServicesImageLines() throws Exception {
        Path helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        Path file = helm.resolve("product-release-charts/Demo/dependency_chart-demo-v1.0.yaml");
        List<String> before = Files.readAllLines(file);
        BuildRecord record = new BuildRecord("builds/core-services/egov-user", "1.2.9", "abc1234", "master", "20", "v1.2.9-abc1234-20",
                List.of(new BakedImage("egov-user", "docker.io/egovio/egov-user:v1.2.9-abc1234-20", "docker.io/egovio/egov-user", "v1.2.9-abc1234-20", "sha256:aa"),
                        new BakedImage("egov-user-db", "docker.io/egovio/egov-user-db:v1.2.9-abc1234-20", "docker.io/egovio/egov-user-db", "v1.2.9-abc1234-20", "sha256:bb")),
                List.of(), "pushed", null, "", 0, 0, 0, null);
        record.write(tmp.resolve("record.json"));

        CliRun run = CliRun.of("release", "pin", "--helm-dir", helm.toString(), "-s", "Demo", "-v", "demo-v1.0", "--from-build", tmp.resolve("record.json").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> after = Files.readAllLines(file);
        assertThat(after).hasSameSizeAs(before);
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(i);
            }
        }
        assertThat(changed).hasSize(2);
        assertThat(after.get(changed.get(0))).isEqualTo(before.get(changed.get(0)).replace("v1.2.8-9fde481-19", "v1.2.9-abc1234-20"))
                .isEqualTo("      - egovio/egov-user:v1.2.9-abc1234-20");
        assertThat(after.get(changed.get(1))).isEqualTo("      - egovio/egov-user-db:v1.2.9-abc1234-20");
        assertThat(Files.readString(file)).startsWith("# The example product release");
        assertThat(run.out()).contains(":" + (changed.get(0) + 1)).contains("+ - egovio/egov-user:v1.2.9-abc1234-20");

        CliRun again = CliRun.of("release", "pin", "--helm-dir", helm.toString(), "-s", "Demo", "-v", "demo-v1.0", "--from-build", tmp.resolve("record.json").toString());
        assertThat(again.out()).contains("Already pinned");
    }

    @Test
    void deployFromBuildDeploysTheRecordedTagsAndRefusesADigestThatChanged() throws Exception {
        Path repo = tmp.resolve("repo");
        try (TestRepo git = ServiceFixture.create(repo, "", "egov-user");
             LocalRegistry registry = LocalRegistry.start(Files.createDirectories(tmp.resolve("registry")))) {
            Path recordFile = tmp.resolve("record.json");
            BuildRecord record = new BuildAction(ProgressListener.SILENT).run(new BuildAction.Request(repo.resolve("build/build-config.yml"), repo,
                    "egov-user", new RegistryTarget(registry.address() + "/egovio", true, null, null), "31", null, TagPolicy.DEFAULT,
                    tmp.resolve("logs"), recordFile, Map.of()));
            String helm = TestTrees.examples().toString();

            CliRun run = CliRun.of("deploy", "--helm-dir", helm, "-e", "dev", "--from-build", recordFile.toString(), "--print");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("image: egovio/egov-user:" + record.tag()).contains("image: egovio/egov-user-db:" + record.tag());
            assertThat(run.err()).doesNotContain("could not ask the registry");

            BuildRecord tampered = new BuildRecord(record.job(), record.version(), record.commit(), record.branch(), record.buildNumber(),
                    record.tag(), List.of(new BakedImage("egov-user", record.images().get(0).reference(), record.images().get(0).repository(),
                    record.tag(), "sha256:" + "0".repeat(64))), record.gates(), "pushed", null, "", 0, 0, 0, null);
            tampered.write(tmp.resolve("tampered.json"));
            CliRun refused = CliRun.of("deploy", "--helm-dir", helm, "-e", "dev", "--from-build", tmp.resolve("tampered.json").toString(), "--print");
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("now has digest " + record.images().get(0).digest()).contains("not the sha256:000");
        }
    }
}
