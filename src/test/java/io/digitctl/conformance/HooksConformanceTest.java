package io.digitctl.conformance;

import io.digitctl.TestTrees;
import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** DIGIT's charts' Helm hooks, which Helm's manifest alone would leave out, in deploy --print. */
class HooksConformanceTest {

    Path helm;

    @TempDir
    Path tmp;

    @BeforeEach
    void tree() {
        helm = TestTrees.digitDevops();
    }

    @Test
    void theCoreReleaseShowsIngressNginxsAdmissionJobsAsHooks() {
        CliRun run = CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9",
                "--print", "--skip-missing");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("""
                        # Source: ingress-nginx/templates/admission-webhooks/job-patch/job-createSecret.yaml
                        # Hook: pre-install,pre-upgrade (weight 0)
                        apiVersion: batch/v1
                        kind: Job
                        metadata:
                          name: ingress-nginx-admission-create
                        """)
                .contains("""
                        # Source: ingress-nginx/templates/admission-webhooks/job-patch/job-patchWebhook.yaml
                        # Hook: post-install,post-upgrade (weight 0)
                        apiVersion: batch/v1
                        kind: Job
                        metadata:
                          name: ingress-nginx-admission-patch
                        """)
                // their ServiceAccount and RBAC are hooks of the same events
                .contains("""
                        # Source: ingress-nginx/templates/admission-webhooks/job-patch/serviceaccount.yaml
                        # Hook: pre-install,pre-upgrade,post-install,post-upgrade (weight 0)
                        """)
                .doesNotContain("digitctl.staged");
    }

    @Test
    void kibanasPreInstallJobAndMiniosPostInstallJobAreRendered() {
        CliRun run = CliRun.of("deploy", "--helm-dir", helm.toString(), "-e", "egov-demo", "kibana,minio", "--print");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("""
                        # Source: kibana/templates/pre-install-job.yaml
                        # Hook: pre-install,pre-upgrade (weight 0)
                        apiVersion: batch/v1
                        kind: Job
                        """)
                .contains("""
                        # Source: minio/templates/post-job.yaml
                        # Hook: post-install,post-upgrade (weight 0)
                        """);
    }

    /** cert-manager writes its startupapicheck hook annotations in values.yaml, not in a template. */
    @Test
    void certManagersHookAnnotationsFromItsValuesFile() throws IOException {
        Path tree = tmp.resolve("helm");
        TestTrees.copy(helm.resolve("charts/backbone-services/cert-manager"), tree.resolve("charts/cert-manager"));
        Files.createDirectories(tree.resolve("environments"));
        Files.writeString(tree.resolve("environments/egov-demo.yaml"),
                Files.readString(helm.resolve("environments/egov-demo.yaml")) + "\nstartupapicheck:\n  enabled: true\n");

        CliRun run = CliRun.of("deploy", "--helm-dir", tree.toString(), "-e", "egov-demo", "cert-manager", "--print");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("""
                        # Source: cert-manager/templates/startupapicheck-job.yaml
                        # Hook: post-install (weight 1)
                        """)
                .contains("""
                        # Source: cert-manager/templates/startupapicheck-serviceaccount.yaml
                        # Hook: post-install (weight -5)
                        """);
    }
}
