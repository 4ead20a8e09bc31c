package io.digitctl.kube;

import io.digitctl.cli.CliRun;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.ResourceKey;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A redeploy takes the objects that a service's last deploy applied instead of rendering it again when
 * it would be rendered from the same inputs; the cluster, not the record, still decides whether the
 * service is unchanged, and a service that must be applied after all is rendered for real.
 */
class RecordedRenderDeployTest extends ClusterTestBase {
    private static final List<String> SERVICES = List.of("egov-mdms-service", "egov-user", "egov-idgen", "billing-service", "pgr-services");
    private static final List<String> USING_DB_SECRET = List.of("egov-user", "egov-idgen", "billing-service", "pgr-services");

    private static long generation(Map<String, Object> object) {
        return KubeObjects.number(object, "metadata", "generation");
    }

    private Revision latest(String service) {
        return new Ledger(cluster.gateway(), "dev").latest(service).orElseThrow();
    }

    @Test
    void anIdenticalRedeployRendersOnlyWhatItsRecordsCannotStandInFor() {
        assertThat(deployRelease().exit()).isZero();
        assertThat(latest("egov-user").renderInput()).startsWith("sha256:");
        assertThat(latest("cluster-configs").renderInput()).as("a render that took the secrets file is never recorded as one").isNull();

        CliRun again = deployRelease("--verbose");

        assertThat(again.exit()).as(again.err()).isZero();
        SERVICES.forEach(s -> assertThat(again.err()).contains("recorded " + s + ": rendered from the same inputs as its last deploy")
                .doesNotContain("rendered " + s + ":"));
        assertThat(again.err()).contains("rendered cluster-configs:");
        assertThat(again.out()).contains("Deployed: 0 of 6 services deployed, 6 unchanged");
    }

    @Test
    void aServiceWhoseObjectsChangedInTheClusterIsRenderedAgainAndRedeployed() {
        assertThat(deployRelease().exit()).isZero();
        cluster.gateway().delete("v1", new ResourceKey("", "Service", "egov", "egov-user"));

        CliRun again = deployRelease("--verbose");

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("recorded egov-user:").contains("rendered egov-user:");
        assertThat(again.out()).containsPattern("egov-user\\s+\\S+\\s+deployed").contains("1 of 6 services deployed, 5 unchanged");
        assertThat(cluster.stored("/api/v1/namespaces/egov/services/egov-user")).isNotNull();
        assertThat(latest("egov-user").number()).isEqualTo(2);
        assertThat(latest("egov-mdms-service").number()).isEqualTo(1);
    }

    @Test
    void aChangedSecretRestartsTheServicesThatUseItThoughTheirOwnInputsDidNotChange() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        Map<String, Long> before = new java.util.HashMap<>();
        SERVICES.forEach(s -> before.put(s, generation(deployment(s))));
        changeSecret("flywayPassword: demo-db-password", "flywayPassword: changed-db-password");

        CliRun again = deployRelease("--verbose");

        assertThat(again.exit()).as(again.err() + again.out()).isZero();
        USING_DB_SECRET.forEach(s -> assertThat(again.err()).contains("recorded " + s + ":").contains("rendered " + s + ":")
                .contains(s + ": restart, Secret egov/db changed"));
        USING_DB_SECRET.forEach(s -> assertThat(generation(deployment(s))).as(s).isEqualTo(before.get(s) + 1));
        assertThat(generation(deployment("egov-mdms-service"))).isEqualTo(before.get("egov-mdms-service"));
        assertThat(again.out()).containsPattern("egov-mdms-service\\s+\\S+\\s+unchanged");
    }

    @Test
    void aChangeToTheSharedCommonChartIsAChangeOfEveryServiceBuiltOnIt() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        Path template = helm.resolve("charts/common/templates/_deployment.yaml");
        Files.writeString(template, Files.readString(template).replace("        {{- include \"common.labels\" . | nindent 8 }}",
                "        {{- include \"common.labels\" . | nindent 8 }}\n        tier: backend"));

        CliRun again = deployRelease("--verbose");

        assertThat(again.exit()).as(again.err() + again.out()).isZero();
        assertThat(again.err()).doesNotContain("recorded ");
        assertThat(again.out()).contains("5 of 6 services deployed, 1 unchanged");
        assertThat(KubeObjects.at(deployment("egov-user"), "spec", "template", "metadata", "labels", "tier")).isEqualTo("backend");
    }

    @Test
    void withForceEveryServiceIsRendered() {
        assertThat(deployRelease().exit()).isZero();

        CliRun forced = deployRelease("--force", "--verbose");

        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.err()).doesNotContain("recorded ");
        SERVICES.forEach(s -> assertThat(forced.err()).contains("rendered " + s + ":"));
    }

    @Test
    void aServiceRemovedByAnAtomicRollbackIsInstalledByTheNextDeploy() {
        cluster.fail("PATCH", "deployments/egov-user", 403, 1);
        CliRun first = deployRelease("--atomic");
        assertThat(first.exit()).as(first.err() + first.out()).isEqualTo(1);
        assertThat(deployment("egov-user")).as("removed by the atomic rollback").isNull();
        assertThat(latest("egov-user").manifests()).isEmpty();
        assertThat(latest("egov-user").renderInput()).as("the record of a removal never stands in for a render").isNull();

        CliRun again = deployRelease("--verbose");

        assertThat(again.exit()).as(again.err() + again.out()).isZero();
        assertThat(again.err()).doesNotContain("recorded egov-user:");
        assertThat(again.out()).containsPattern("egov-user\\s+\\S+\\s+deployed");
        assertThat(deployment("egov-user")).isNotNull();
    }

    @Test
    void anEnvFileEditThatChangesNoObjectRecordsTheNewInputsSoThatTheNextDeployNeedsNoRender() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        String before = latest("egov-user").renderInput();
        Path env = helm.resolve("environments/dev.yaml");
        Files.writeString(env, Files.readString(env) + "\n# a comment changes no object\n");

        CliRun edited = deployRelease("--verbose");

        assertThat(edited.exit()).as(edited.err()).isZero();
        assertThat(edited.err()).contains("rendered egov-user:");
        assertThat(edited.out()).contains("0 of 6 services deployed, 6 unchanged");
        assertThat(latest("egov-user").number()).as("no new revision").isEqualTo(1);
        assertThat(latest("egov-user").renderInput()).isNotEqualTo(before).startsWith("sha256:");

        CliRun again = deployRelease("--verbose");

        assertThat(again.exit()).as(again.err()).isZero();
        SERVICES.forEach(s -> assertThat(again.err()).contains("recorded " + s + ":"));
    }

    @Test
    void aPlanFileMadeFromRecordsMatchesARealRenderOfTheSameInputs() {
        assertThat(deployRelease().exit()).isZero();
        Path plan = tmp.resolve("plan.json");
        CliRun planned = deployRelease("--plan-out", plan.toString(), "--verbose");
        assertThat(planned.exit()).as(planned.err() + planned.out()).isZero();
        assertThat(planned.err()).contains("recorded egov-user:").doesNotContain("rendered egov-user:");
        cluster.gateway().delete("v1", new ResourceKey("", "Service", "egov", "egov-user"));

        CliRun applied = digitctl("deploy", "-e", "dev", "--plan", plan.toString(), "--age-key-file", demoKey, "--verbose");

        assertThat(applied.exit()).as(applied.err() + applied.out()).isZero();
        assertThat(applied.err()).as("planned from its record, applied from a real render").contains("rendered egov-user:")
                .doesNotContain("the render now differs");
        assertThat(applied.out()).contains("1 of 6 services deployed, 5 unchanged");
        assertThat(cluster.stored("/api/v1/namespaces/egov/services/egov-user")).isNotNull();
    }

    /** Rewrites the example's secrets file with one value changed, encrypted for the same age key. */
    private void changeSecret(String from, String to) throws Exception {
        Path secrets = helm.resolve("environments/dev-secrets.yaml");
        CliRun plain = CliRun.of("secrets", "decrypt", secrets.toString(), "--age-key-file", demoKey);
        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(plain.out()).contains(from);
        Path changed = tmp.resolve("dev-secrets.yaml");
        Files.writeString(changed, plain.out().replace(from, to));
        String recipient = Files.readAllLines(Path.of(demoKey)).stream().filter(l -> l.startsWith("# public key: "))
                .findFirst().orElseThrow().substring("# public key: ".length());
        CliRun encrypt = CliRun.of("secrets", "encrypt", changed.toString(), "--age", recipient, "--in-place");
        assertThat(encrypt.exit()).as(encrypt.err()).isZero();
        Files.copy(changed, secrets, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
