package io.digitctl.build;

import io.digitctl.model.DigitctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuildVersioningTest {

    @TempDir
    Path dir;

    @Test
    void theVersionComesFromPomThenPackageJsonThenVersionFileElseNA() {
        write(dir, "maven/pom.xml", """
                <project>
                  <parent><groupId>org.egov</groupId><artifactId>parent</artifactId><version>9.9.9</version></parent>
                  <artifactId>egov-user</artifactId>
                  <version>1.2.8-SNAPSHOT</version>
                  <dependencies><dependency><artifactId>x</artifactId><version>3.0.0</version></dependency></dependencies>
                </project>
                """);
        write(dir, "node/package.json", "{\"name\": \"digit-ui\", \"version\": \"1.7.0\"}");
        write(dir, "plain/VERSION", "0.4.2\n");
        write(dir, "none/README.md", "nothing\n");

        assertThat(AppVersion.of(dir.resolve("maven"))).isEqualTo("1.2.8");
        assertThat(AppVersion.of(dir.resolve("node"))).isEqualTo("1.7.0");
        assertThat(AppVersion.of(dir.resolve("plain"))).isEqualTo("0.4.2");
        assertThat(AppVersion.of(dir.resolve("none"))).isEqualTo("NA");
    }

    @Test
    void writingAVersionChangesOnlyThatValue() throws Exception {
        String pom = "<project>\n  <parent><version>9.9.9</version></parent>\n  <version>1.2.8-SNAPSHOT</version>\n  <dependencies><dependency><version>1.2.8-SNAPSHOT</version></dependency></dependencies>\n</project>\n";
        write(dir, "maven/pom.xml", pom);
        AppVersion.write(dir.resolve("maven"), "1.3.0");
        assertThat(Files.readString(dir.resolve("maven/pom.xml"))).isEqualTo(pom.replaceFirst("<version>1.2.8-SNAPSHOT</version>", "<version>1.3.0-SNAPSHOT</version>"));

        write(dir, "node/package.json", "{\n  \"name\": \"ui\",\n  \"version\": \"1.7.0\",\n  \"private\": true\n}\n");
        AppVersion.write(dir.resolve("node"), "2.0.0");
        assertThat(Files.readString(dir.resolve("node/package.json"))).isEqualTo("{\n  \"name\": \"ui\",\n  \"version\": \"2.0.0\",\n  \"private\": true\n}\n");
    }

    @Test
    void theFolderCommitIsTheNewestCommitTouchingTheFolder() throws Exception {
        try (TestRepo repo = new TestRepo(dir)) {
            repo.commit("core/egov-user/VERSION", "1.0.0\n", "feat: user service");
            String userChange = repo.commit("core/egov-user/src/A.java", "class A {}\n", "fix: user bug");
            repo.commit("core/egov-mdms/VERSION", "2.0.0\n", "feat: mdms");
            repo.commit("README.md", "docs\n", "docs: readme");

            try (GitRepo git = GitRepo.find(dir.resolve("core/egov-user"))) {
                assertThat(git.folderCommit(dir.resolve("core/egov-user"))).isEqualTo(userChange).hasSize(7);
                assertThat(git.folderCommit(dir.resolve("core/egov-mdms"))).isNotEqualTo(userChange);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "master,                 -,                          v1.2.8-abc1234-19",
            "main,                   -,                          v1.2.8-abc1234-19",
            "feature/login-otp,      -,                          feature-login-otp-abc1234-19",
            "-,                      origin/develop,             develop-abc1234-19",
            "-,                      origin/master,              v1.2.8-abc1234-19",
    })
    void masterBuildsGetVersionTagsOtherBranchesTheirName(String branchName, String gitBranch, String expected) throws Exception {
        try (TestRepo repo = new TestRepo(dir)) {
            repo.commit("VERSION", "1.2.8\n", "feat: first");
            try (GitRepo git = GitRepo.find(dir)) {
                Map<String, String> env = new java.util.HashMap<>();
                if (branchName != null) env.put("BRANCH_NAME", branchName);
                if (gitBranch != null) env.put("GIT_BRANCH", gitBranch);
                String branch = TagPolicy.branch(null, env, git);
                assertThat(TagPolicy.DEFAULT.tag("1.2.8", "abc1234", "19", branch)).isEqualTo(expected);
            }
        }
    }

    @Test
    void theCheckedOutBranchIsUsedWhenNothingSaysOtherwise() throws Exception {
        try (TestRepo repo = new TestRepo(dir)) {
            repo.commit("VERSION", "1.2.8\n", "feat: first");
            repo.branch("hotfix/urgent");
            try (GitRepo git = GitRepo.find(dir)) {
                assertThat(TagPolicy.DEFAULT.tag("1.2.8", "abc1234", "3", TagPolicy.branch(null, Map.of(), git))).isEqualTo("hotfix-urgent-abc1234-3");
                assertThat(TagPolicy.branch("release", Map.of("BRANCH_NAME", "x"), git)).isEqualTo("release");
            }
        }
    }

    @Test
    void conventionalCommitsBumpEachFolderOnItsOwn() throws Exception {
        try (TestRepo repo = new TestRepo(dir)) {
            repo.commit("core/egov-user/VERSION", "1.2.0\n", "feat: user service");
            repo.commit("core/egov-mdms/VERSION", "2.0.0\n", "feat: mdms");
            repo.tag("egov-user-v1.2.0");
            repo.tag("egov-mdms-v2.0.0");
            repo.commit("core/egov-user/src/A.java", "a", "chore: tidy");
            repo.commit("core/egov-mdms/src/B.java", "b", "feat(search): search by code");
            repo.commit("core/egov-mdms/src/C.java", "c", "fix: null pointer");
            Path user = dir.resolve("core/egov-user");
            Path mdms = dir.resolve("core/egov-mdms");
            try (GitRepo git = GitRepo.find(dir)) {
                VersionAdvisor.Advice userAdvice = VersionAdvisor.advise(git, user, "egov-user");
                assertThat(userAdvice.lastTag()).isEqualTo("egov-user-v1.2.0");
                assertThat(userAdvice.bump()).isEqualTo(SemVer.Bump.NONE);
                assertThat(userAdvice.next()).hasToString("1.2.0");
                VersionAdvisor.Advice mdmsAdvice = VersionAdvisor.advise(git, mdms, "egov-mdms");
                assertThat(mdmsAdvice.bump()).isEqualTo(SemVer.Bump.MINOR);
                assertThat(mdmsAdvice.next()).hasToString("2.1.0");
                assertThat(mdmsAdvice.releasing()).containsExactly("fix: null pointer", "feat(search): search by code");
            }
            repo.commit("core/egov-user/src/D.java", "d", "fix: token expiry");
            try (GitRepo git = GitRepo.find(dir)) {
                assertThat(VersionAdvisor.advise(git, user, "egov-user").next()).hasToString("1.2.1");
            }
            repo.commit("core/egov-user/src/E.java", "e", "refactor: drop v1 API\n\nBREAKING CHANGE: /v1/_search is gone");
            try (GitRepo git = GitRepo.find(dir)) {
                assertThat(VersionAdvisor.advise(git, user, "egov-user").next()).hasToString("2.0.0");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "feat: add otp login             | MINOR",
            "feat(user)!: drop password login | MAJOR",
            "fix: typo                        | PATCH",
            "perf(db): index users            | PATCH",
            "chore: bump deps                 | NONE",
            "docs: readme                     | NONE",
            "Merge branch 'master'            | NONE",
    })
    void oneMessageCallsForOneKindOfRelease(String message, SemVer.Bump bump) {
        assertThat(ConventionalCommits.bump(message.strip())).isEqualTo(bump);
    }

    @Test
    void withoutATagTheVersionFileIsTheStart() throws Exception {
        try (TestRepo repo = new TestRepo(dir)) {
            repo.commit("svc/VERSION", "0.3.1\n", "feat!: first release");
            try (GitRepo git = GitRepo.find(dir)) {
                VersionAdvisor.Advice advice = VersionAdvisor.advise(git, dir.resolve("svc"), "svc");
                assertThat(advice.current()).hasToString("0.3.1");
                assertThat(advice.next()).hasToString("1.0.0");
            }
        }
    }

    @Test
    void invalidBuildConfigsNameTheJob() {
        write(dir, "core/egov-user/pom.xml", "<project><version>1.0.0</version></project>");
        write(dir, "core/egov-user/Dockerfile", "FROM scratch\n");
        write(dir, "core/egov-mdms/pom.xml", "<project><version>1.0.0</version></project>");
        Path config = write(dir, "build/build-config.yml", """
                config:
                  - name: builds/core-services/egov-user
                    build:
                      - work-dir: core/egov-user
                        image-name: egov-user
                  - name: builds/core-services/egov-mdms
                    build:
                      - work-dir: core/egov-mdms
                """);
        assertThatThrownBy(() -> BuildConfig.read(config, dir)).isInstanceOf(DigitctlException.class)
                .hasMessageContaining("build-config.yml:8: job builds/core-services/egov-mdms: build #1 has no image-name.");

        write(dir, "build/build-config.yml", "config:\n  - name: builds/x\n    build:\n      - image-name: x\n");
        assertThatThrownBy(() -> BuildConfig.read(config, dir)).hasMessageContaining("job builds/x: build #1 has no work-dir.");

        write(dir, "build/build-config.yml", "config:\n  - name: builds/x\n    build:\n      - work-dir: nowhere\n        image-name: x\n");
        assertThatThrownBy(() -> BuildConfig.read(config, dir)).hasMessageContaining("job builds/x: work-dir nowhere does not exist");

        write(dir, "build/build-config.yml", "config:\n  - name: builds/x\n    build:\n      - work-dir: core/egov-mdms\n        image-name: x\n");
        assertThatThrownBy(() -> BuildConfig.read(config, dir)).hasMessageContaining("job builds/x: Dockerfile core/egov-mdms/Dockerfile does not exist.");

        write(dir, "build/build-config.yml", "config:\n  - name: builds/x\n    builder: kaniko\n    build:\n      - work-dir: core/egov-user\n        image-name: x\n");
        assertThatThrownBy(() -> BuildConfig.read(config, dir)).hasMessageContaining("builder 'kaniko' is neither jib nor dockerfile");

        write(dir, "build/build-config.yml", "config:\n  - name: builds/x\n    builder: jib\n    gates:\n      - name: test\n    build:\n      - work-dir: core/egov-user\n        image-name: x\n");
        assertThatThrownBy(() -> BuildConfig.read(config, dir)).hasMessageContaining("each gate needs a name and a command");
    }

    @Test
    void aValidConfigReadsJobsWithDefaultsAndExtensions() {
        write(dir, "core/egov-user/pom.xml", "<project><version>1.0.0</version></project>");
        write(dir, "core/egov-user/src/main/resources/db/V1__init.sql", "create table x(id int);");
        Path config = write(dir, "build/build-config.yml", """
                config:
                  - name: builds/core-services/egov-user
                    builder: jib
                    gates:
                      - name: unit tests
                        command: mvn -q test
                    build:
                      - work-dir: core/egov-user
                        image-name: egov-user
                      - work-dir: core/egov-user/src/main/resources/db
                        image-name: egov-user-db
                """);
        BuildJob job = BuildConfig.read(config, dir).require("egov-user");
        assertThat(job.builder()).isEqualTo(BuildJob.Builder.JIB);
        assertThat(job.baseImage()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(job.application().imageName()).isEqualTo("egov-user");
        assertThat(job.builds()).extracting(BuildSpec::isMigration).containsExactly(false, true);
        assertThat(job.builds().get(0).dockerfile()).isEqualTo("core/egov-user/Dockerfile");
        assertThat(job.gates()).containsExactly(new BuildJob.Gate("unit tests", "mvn -q test"));
        assertThat(List.of(job.name())).containsExactly("builds/core-services/egov-user");
    }
}
