package io.digitctl.kube;

import io.digitctl.cli.CliRun;
import io.digitctl.kube.lock.EnvironmentLock;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

/** The deploy story on a MockCluster: diff, update, rollback, prune, failures, atomic, lock, retries, secrets. */
class ClusterScenariosTest extends ClusterTestBase {

    private Path release() {
        return helm.resolve("product-release-charts/Demo/dependency_chart-demo-v1.0.yaml");
    }

    private void pin(String from, String to) throws Exception {
        Files.writeString(release(), Files.readString(release()).replace(from, to));
    }

    private static String resourceVersion(Map<String, Object> object) {
        return String.valueOf(KubeObjects.metadata(object).get("resourceVersion"));
    }

    @Test
    void anIdenticalDeployChangesNothingAndAChangedTagChangesOnlyItsObject() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        CliRun same = digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0");
        assertThat(same.exit()).as(same.err() + same.out()).isZero();
        assertThat(same.out()).isEmpty();
        assertThat(same.err()).contains("0 to create, 0 to update, 0 to delete");

        pin("egov-user:v1.2.8-9fde481-19", "egov-user:v1.2.9-abcdef0-20");
        CliRun changed = digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0");
        assertThat(changed.exit()).isEqualTo(2);
        assertThat(changed.out().lines().filter(l -> l.startsWith("# "))).containsExactly("# update Deployment.apps/egov/egov-user (egov-user)");
        assertThat(changed.out()).contains("-        image: egovio/egov-user:v1.2.8-9fde481-19\n+        image: egovio/egov-user:v1.2.9-abcdef0-20");

        String mdmsBefore = resourceVersion(deployment("egov-mdms-service"));
        String userBefore = resourceVersion(deployment("egov-user"));
        CliRun deploy = deployRelease();
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        assertThat(resourceVersion(deployment("egov-mdms-service"))).isEqualTo(mdmsBefore);
        assertThat(resourceVersion(deployment("egov-user"))).isNotEqualTo(userBefore);
        assertThat(image(deployment("egov-user"))).isEqualTo("egovio/egov-user:v1.2.9-abcdef0-20");
        assertThat(digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0").exit()).isZero();
    }

    @Test
    void anImageWithoutATagKeepsTheTagThatRunsNow() {
        assertThat(deployRelease().exit()).isZero();

        CliRun run = digitctl("deploy", "-e", "dev", "egov-user,egov-idgen-db:v9.9.9-0000000-1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("egov-user\\s+v1.2.8-9fde481-19\\s+cluster")
                .containsPattern("egov-idgen\\s+v9.9.9-0000000-1\\s+command line");
        assertThat(image(deployment("egov-user"))).isEqualTo("egovio/egov-user:v1.2.8-9fde481-19");
        assertThat(image(deployment("egov-idgen"))).isEqualTo("egovio/egov-idgen:v9.9.9-0000000-1");
    }

    @Test
    void anImageWithoutATagGetsTheDeployedTagBackAfterAnotherWriterChangedIt() {
        assertThat(deployRelease().exit()).isZero();
        Map<String, Object> hacked = KubeObjects.copy(deployment("egov-user"));
        KubeObjects.list(hacked, "spec", "template", "spec", "containers").get(0).put("image", "egovio/egov-user:hacked");
        try (Fabric8Gateway gateway = cluster.gateway()) {
            gateway.replace(hacked);
        }
        assertThat(image(deployment("egov-user"))).isEqualTo("egovio/egov-user:hacked");

        CliRun run = digitctl("deploy", "-e", "dev", "egov-user");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("egov-user\\s+v1.2.8-9fde481-19\\s+cluster");
        assertThat(image(deployment("egov-user"))).as("the drift is repaired, not adopted").isEqualTo("egovio/egov-user:v1.2.8-9fde481-19");
    }

    @Test
    void rollbackRestoresTheEarlierImageAndAddsARevision() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        pin("egov-user:v1.2.8-9fde481-19", "egov-user:v1.2.9-abcdef0-20");
        assertThat(deployRelease().exit()).isZero();

        CliRun rollback = digitctl("rollback", "-e", "dev", "egov-user");

        assertThat(rollback.exit()).as(rollback.err() + rollback.out()).isZero();
        assertThat(image(deployment("egov-user"))).isEqualTo("egovio/egov-user:v1.2.8-9fde481-19");
        CliRun history = digitctl("history", "-e", "dev", "egov-user");
        assertThat(history.out()).contains("egov-user").containsPattern("egov-user\\s+3\\s+deployed")
                .containsPattern("egov-user\\s+1\\s+superseded").contains("rollback to revision 1");
        CliRun status = digitctl("status", "-e", "dev", "-o", "json");
        assertThat(status.out()).contains("\"service\" : \"egov-user\"").contains("\"image\" : \"egovio/egov-user:v1.2.8-9fde481-19\"")
                .contains("\"revision\" : 3").contains("\"health\" : \"healthy\"");
    }

    @Test
    void pruneDeletesOnlyARemovedObjectOfOurOwn() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        assertThat(cluster.stored("/apis/networking.k8s.io/v1/namespaces/egov/ingresses/egov-mdms-service")).isNotNull();
        MockClusterSupport.create(cluster, "/apis/networking.k8s.io/v1/namespaces/egov/ingresses", Map.of("apiVersion", "networking.k8s.io/v1",
                "kind", "Ingress", "metadata", Map.of("name", "someone-elses", "namespace", "egov", "labels", Map.of("app", "egov-mdms-service"))));
        Path values = helm.resolve("charts/core-services/egov-mdms-service/values.yaml");
        Files.writeString(values, Files.readString(values).replace("ingress: true", "ingress: false"));

        CliRun preview = digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "--prune");
        assertThat(preview.exit()).isEqualTo(2);
        assertThat(preview.out()).contains("# delete Ingress.networking.k8s.io/egov/egov-mdms-service (egov-mdms-service)");
        CliRun deploy = deployRelease("--prune");

        assertThat(deploy.exit()).as(deploy.err()).isZero();
        assertThat(deploy.err()).contains("will prune from egov-mdms-service: Ingress.networking.k8s.io/egov/egov-mdms-service");
        assertThat(deploy.out()).contains("Pruned: Ingress.networking.k8s.io/egov/egov-mdms-service");
        assertThat(cluster.stored("/apis/networking.k8s.io/v1/namespaces/egov/ingresses/egov-mdms-service")).isNull();
        assertThat(cluster.stored("/apis/networking.k8s.io/v1/namespaces/egov/ingresses/someone-elses")).isNotNull();
        assertThat(cluster.stored("/apis/networking.k8s.io/v1/namespaces/egov/ingresses/egov-user")).isNotNull();
    }

    @Test
    void aServiceStuckInImagePullBackOffFailsItsLevelAndItsDependentsDoNotStart() throws Exception {
        cluster.failImage("does-not-exist");
        pin("egov-user:v1.2.8-9fde481-19", "egov-user:v0.0.0-does-not-exist");

        CliRun run = deployRelease();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("egov-user\\s+egovio/egov-user:v0.0.0-does-not-exist\\s+failed\\s+.*ImagePullBackOff")
                .containsPattern("egov-mdms-service\\s+\\S+\\s+deployed")
                .containsPattern("egov-idgen\\s+\\S+\\s+deployed")
                .containsPattern("billing-service\\s+\\S+\\s+not started\\s+.*not started: egov-user failed")
                .containsPattern("pgr-services\\s+\\S+\\s+not started")
                .containsPattern("cluster-configs\\s+.*\\s+deployed")
                .contains("FAILED: 3 of 6 services deployed");
        assertThat(run.out()).contains("pod egov-user-")
                .contains("egov-user had applied (recorded in revision 1): Service/egov/egov-user, Deployment.apps/egov/egov-user, Ingress.networking.k8s.io/egov/egov-user");
        assertThat(deployment("billing-service")).isNull();
        assertThat(digitctl("history", "-e", "dev", "egov-user").out()).containsPattern("egov-user\\s+1\\s+failed");
        CliRun status = digitctl("status", "-e", "dev", "-o", "json");
        assertThat(status.out()).as("a rollout that a failed deploy waited for is not still progressing")
                .containsPattern("\"service\" : \"egov-user\",[^}]*\"health\" : \"degraded\",\\s*\"message\" : \"revision 1 failed \\(")
                .containsPattern("\"service\" : \"egov-mdms-service\",[^}]*\"health\" : \"healthy\"");
    }

    @Test
    void atomicPutsEveryChangedServiceBack() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        cluster.failImage("does-not-exist");
        pin("egov-mdms-service:v1.3.2-44558a0-3", "egov-mdms-service:v1.3.3-1111111-4");
        pin("egov-user:v1.2.8-9fde481-19", "egov-user:v0.0.0-does-not-exist");

        CliRun run = deployRelease("--atomic");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(image(deployment("egov-user"))).isEqualTo("egovio/egov-user:v1.2.8-9fde481-19");
        assertThat(image(deployment("egov-mdms-service"))).isEqualTo("egovio/egov-mdms-service:v1.3.2-44558a0-3");
        assertThat(run.out()).containsPattern("egov-mdms-service\\s+\\S+\\s+rolled back\\s+.*rolled back to revision 1")
                .containsPattern("egov-user\\s+\\S+\\s+rolled back\\s+.*ImagePullBackOff.*rolled back to revision 1");
    }

    @Test
    @SuppressWarnings("try")
    void aSecondDeployOfTheEnvironmentFailsAtOnceNamingTheHolder() {
        try (Fabric8Gateway gateway = cluster.gateway();
             EnvironmentLock held = EnvironmentLock.acquire(gateway, "dev", "default", "alice@ci-runner-7 (pid 42)", "deploy")) {
            CliRun second = deployRelease();
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.err()).contains("Environment dev is locked by alice@ci-runner-7 (pid 42) (deploy) since")
                    .contains("--force-unlock");
            assertThat(deployment("egov-user")).isNull();

            CliRun refused = deployRelease("--force-unlock");
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("is held by alice@ci-runner-7 (pid 42) (deploy), renewed")
                    .contains("its holder looks alive. --force-unlock asks for confirmation on a terminal and refuses without one");
            assertThat(deployment("egov-user")).isNull();
        }
    }

    @Test
    @SuppressWarnings("try")
    void forceUnlockRemovesALockWhoseProcessOnThisHostIsGone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        try (Fabric8Gateway gateway = cluster.gateway();
             EnvironmentLock held = EnvironmentLock.acquire(gateway, "dev", "default", "bob@" + host + " (pid " + gone.pid() + ")", "deploy")) {
            CliRun forced = deployRelease("--force-unlock");

            assertThat(forced.exit()).as(forced.err()).isZero();
            assertThat(forced.err()).contains("removed the lock of environment dev held by bob@" + host);
        }
    }

    @Test
    void aLockLeftByADeadProcessExpires() {
        MockClusterSupport.create(cluster, "/apis/coordination.k8s.io/v1/namespaces/default/leases", Map.of(
                "apiVersion", "coordination.k8s.io/v1", "kind", "Lease",
                "metadata", Map.of("name", "digitctl-lock-dev", "namespace", "default"),
                "spec", Map.of("holderIdentity", "bob@laptop (pid 7) (deploy)", "leaseDurationSeconds", 60,
                        "acquireTime", "2026-01-01T00:00:00.000000Z", "renewTime", "2026-01-01T00:00:00.000000Z")));
        CliRun run = deployRelease();
        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void aServerErrorOnceIsRetried() {
        cluster.fail("PATCH", "/deployments/egov-user", 500, 1);
        CliRun run = deployRelease();
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(cluster.requestLog().stream().filter(r -> r.startsWith("PATCH") && r.contains("/deployments/egov-user")).count()).isEqualTo(2);
    }

    @Test
    void anObjectTheServerRejectsIsReportedByThePreflightBeforeAnythingIsApplied() {
        assertThat(deployRelease().exit()).isZero();
        cluster.fail("PATCH", "/services/egov-idgen", 422, 1);
        String userVersion = resourceVersion(deployment("egov-user"));

        CliRun run = deployRelease("--force");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Preflight found 1 problem that the cluster would refuse; nothing was applied:")
                .containsPattern("egov-idgen: Service/egov/egov-idgen: Cannot dry-run apply Service/egov/egov-idgen: the API server rejected it \\(422\\)");
        assertThat(resourceVersion(deployment("egov-user"))).isEqualTo(userVersion);
        assertThat(cluster.requestLog().stream().filter(r -> r.startsWith("PATCH") && r.contains("/services/egov-idgen")
                && !r.contains("dryRun")).count()).as("only the first deploy applied it").isEqualTo(1);
    }

    @Test
    void secretsNeverShowInDiffOrLogsUnlessAsked() throws Exception {
        CliRun first = deployRelease("-c", "--age-key-file", demoKey);
        assertThat(first.exit()).as(first.err()).isZero();
        String encoded = Base64.getEncoder().encodeToString("demo-db-password".getBytes());
        assertThat(cluster.stored("/api/v1/namespaces/egov/secrets/db").toString()).contains(encoded);

        Path secrets = helm.resolve("environments/dev-secrets.yaml");
        CliRun plain = CliRun.of("secrets", "decrypt", secrets.toString(), "--age-key-file", demoKey);
        write(helm, "environments/dev-secrets.yaml", plain.out().replace("password: demo-db-password", "password: rotated-db-password"));
        assertThat(CliRun.of("secrets", "encrypt", secrets.toString(), "--in-place").exit()).isZero();

        CliRun diff = digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "-c", "--age-key-file", demoKey);
        String newEncoded = Base64.getEncoder().encodeToString("rotated-db-password".getBytes());
        assertThat(diff.exit()).isEqualTo(2);
        assertThat(diff.out()).contains("# update Secret/egov/db").contains("<masked: old value>").contains("<masked: new value>");
        for (String leak : new String[] {"demo-db-password", "rotated-db-password", encoded, newEncoded}) {
            assertThat(diff.out() + diff.err() + first.out() + first.err()).doesNotContain(leak);
        }
        CliRun shown = digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "-c", "--age-key-file", demoKey, "--show-secrets");
        assertThat(shown.out()).contains(newEncoded);
        String ledger = cluster.storedList("/api/v1/namespaces/egov/secrets").stream()
                .filter(s -> String.valueOf(KubeObjects.metadata(s).get("name")).startsWith("digitctl.")).toList().toString();
        assertThat(ledger).doesNotContain(encoded);
    }
}
