package io.digitctl.cli;

import io.digitctl.TestTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The example tree's Helm hooks in --print and --output-dir. */
class HookOutputTest {

    private static final String HELM = TestTrees.examples().toString();
    private static final String SEED = """
            ---
            # Source: egov-mdms-service/templates/seed-job.yaml
            # Hook: pre-install,pre-upgrade (weight 5)
            apiVersion: batch/v1
            kind: Job
            """;

    @TempDir
    Path tmp;

    @Test
    void printShowsEachHookAfterItsSourceWithItsEventsAndWeight() {
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "e2e", "-s", "Demo", "-v", "demo-v1.0", "--print");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains(SEED)
                .contains("""
                        # Source: billing-service/templates/smoke-test-job.yaml
                        # Hook: post-install,post-upgrade (weight 0)
                        apiVersion: batch/v1
                        """)
                .contains("""
                        # Source: pgr-services/templates/tests/test-health.yaml
                        # Hook: test (weight 0)
                        apiVersion: v1
                        kind: Pod
                        """)
                .contains("image: library/busybox:1.36");
        assertThat(run.out().lines().filter(l -> l.startsWith("# Hook: "))).hasSize(3);
        assertThat(new Yaml().loadAll(run.out())).allSatisfy(doc -> assertThat(doc).isNotNull());
        // ordinary objects keep only their Source line
        assertThat(run.out()).contains("# Source: egov-mdms-service/templates/deployment.yaml\napiVersion: apps/v1\n");
    }

    @Test
    void devRendersTheExampleHooksWithTheirHookLines() {
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--print");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("# Source: egov-mdms-service/templates/seed-job.yaml\n# Hook: pre-install,pre-upgrade (weight 5)\n")
                .contains("# Hook: test (weight 0)\n");
    }

    @Test
    void outputDirWritesHooksWithTheirHookLine() {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("deploy", "--helm-dir", HELM, "-e", "e2e", "-s", "Demo", "-v", "demo-v1.0", "--output-dir", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(out.resolve("egov-mdms-service/templates/seed-job.yaml")).content().startsWith(SEED);
        assertThat(out.resolve("pgr-services/templates/tests/test-health.yaml")).content().contains("# Hook: test (weight 0)\n");
    }
}
