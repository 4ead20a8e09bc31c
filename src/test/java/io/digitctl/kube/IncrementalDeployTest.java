package io.digitctl.kube;

import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

/** Deploys of the example tree that change only what changed: render stamps, configured volatile fields, config changes. */
class IncrementalDeployTest extends ClusterTestBase {

    private static long generation(java.util.Map<String, Object> object) {
        return KubeObjects.number(object, "metadata", "generation");
    }

    @Test
    void anIdenticalRedeployChangesNothingDespiteTheRenderStampAndSaysSo() {
        assertThat(deployRelease().exit()).isZero();
        long user = generation(deployment("egov-user"));

        CliRun again = deployRelease();

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).containsPattern("egov-user\\s+\\S+\\s+unchanged\\s+.*unchanged \\(revision 1\\)")
                .contains("Deployed: 0 of 6 services deployed, 6 unchanged");
        assertThat(generation(deployment("egov-user"))).isEqualTo(user);
        CliRun diff = digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "-c", "--age-key-file", demoKey);
        assertThat(diff.exit()).as(diff.out()).isZero();
        assertThat(diff.err()).contains("Ignoring fields that charts fill anew on every render: spec.template.metadata.annotations[deployment-timestamp]");
    }

    @Test
    void fieldsConfiguredAsVolatileInTheEnvFileOrOnTheCommandLineKeepTheirLiveValues() throws Exception {
        write(helm, "charts/core-services/egov-idgen/templates/build.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: idgen-build\n"
                + "  namespace: egov\n  annotations:\n    build-id: {{ randAlphaNum 12 | quote }}\ndata:\n  service: egov-idgen\n");
        assertThat(deployRelease().exit()).isZero();
        assertThat(deployRelease().out()).as("a random annotation is a change each time").containsPattern("egov-idgen\\s+\\S+\\s+deployed");
        assertThat(digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "-c", "--age-key-file", demoKey,
                "--volatile-path", "metadata.annotations[build-id]").exit()).isZero();

        Path env = helm.resolve("environments/dev.yaml");
        Files.writeString(env, Files.readString(env) + "\ndigitctl:\n  volatilePaths:\n    - metadata.annotations[build-id]\n");
        assertThat(deployRelease().exit()).isZero();
        CliRun same = deployRelease();

        assertThat(same.out()).containsPattern("egov-idgen\\s+\\S+\\s+unchanged");
        assertThat(digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "-c", "--age-key-file", demoKey).exit()).isZero();
    }

    @Test
    void aConfigChangeWithoutDashCIsNamedAndWithItRestartsWhatUsesTheConfig() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        long user = generation(deployment("egov-user"));
        Path env = helm.resolve("environments/dev.yaml");
        Files.writeString(env, Files.readString(env).replace("timezone: Asia/Kolkata", "timezone: UTC"));

        CliRun without = digitctl("deploy", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0");

        assertThat(without.exit()).as(without.err()).isZero();
        assertThat(without.err()).contains("cluster-configs changed since it was last applied, and -c was not given: "
                + "env file: cluster-configs.configmaps.egov-config.data.timezone. Deploy with -c").doesNotContain("UTC");
        assertThat(generation(deployment("egov-user"))).isEqualTo(user);

        CliRun with = deployRelease();

        assertThat(with.exit()).as(with.err()).isZero();
        assertThat(with.err()).contains("egov-user: restart, ConfigMap egov/egov-config changed");
        assertThat(generation(deployment("egov-user"))).isEqualTo(user + 1);
        assertThat(digitctl("deploy", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0").err()).doesNotContain("cluster-configs changed");
    }

    @Test
    void aKeyRemovedFromAConfigMapRestartsWhatUsesIt() throws Exception {
        Path env = helm.resolve("environments/dev.yaml");
        String withoutFlag = Files.readString(env);
        Files.writeString(env, withoutFlag.replace("        timezone: Asia/Kolkata\n", "        timezone: Asia/Kolkata\n        feature-flag: \"on\"\n"));
        assertThat(deployRelease().exit()).isZero();
        long user = generation(deployment("egov-user"));
        Files.writeString(env, withoutFlag);

        CliRun run = deployRelease();

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("egov-user: restart, ConfigMap egov/egov-config changed");
        assertThat(generation(deployment("egov-user"))).isEqualTo(user + 1);
    }

    @Test
    void anAtomicFirstDeployThatFailsRemovesWhatItMadeButNotTheNamespacesOrTheRecords() throws Exception {
        cluster.failImage("does-not-exist");
        Path release = helm.resolve("product-release-charts/Demo/dependency_chart-demo-v1.0.yaml");
        Files.writeString(release, Files.readString(release).replace("egov-user:v1.2.8-9fde481-19", "egov-user:v0.0.0-does-not-exist"));

        CliRun run = deployRelease("--atomic");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("cluster-configs\\s+.*\\s+rolled back\\s+.*removed its");
        assertThat(cluster.stored("/api/v1/namespaces/egov")).as("a namespace holds others' objects and the ledger: never pruned").isNotNull();
        assertThat(cluster.stored("/api/v1/namespaces/egov/configmaps/egov-config")).as("cluster-configs' own objects are removed").isNull();
        assertThat(digitctl("history", "-e", "dev", "egov-user").out()).containsPattern("egov-user\\s+1\\s+failed");
    }
}
