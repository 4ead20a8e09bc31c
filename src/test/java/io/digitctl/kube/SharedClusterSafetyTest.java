package io.digitctl.kube;

import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Other writers on the same cluster: a kubectl set image during a rollout, and a second environment in the same namespace. */
class SharedClusterSafetyTest extends ClusterTestBase {

    @Test
    void aRolloutThatAnotherWriterChangedIsNotTakenForThisDeploysSuccess() throws Exception {
        cluster.rolloutTime(3_000);
        CompletableFuture<Integer> setImage = CompletableFuture.supplyAsync(() -> {
            try {
                while (deployment("egov-user") == null) {
                    Thread.sleep(50);
                }
                // as kubectl apply --server-side of just the image would
                String patch = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"egov-user\",\"namespace\":\"egov\"},"
                        + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"egov-user\",\"image\":\"egovio/egov-user:hotfix\"}]}}}}";
                HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.url()
                                + "apis/apps/v1/namespaces/egov/deployments/egov-user?fieldManager=kubectl-set&force=true"))
                        .header("Content-Type", "application/apply-patch+yaml").method("PATCH", HttpRequest.BodyPublishers.ofString(patch)).build();
                return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        CliRun run = deployRelease();

        assertThat(setImage.get()).isBetween(200, 299);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("egov-user\\s+\\S+\\s+failed\\s+.*Deployment egov-user was changed by another writer during the rollout"
                + " \\(egov-user runs egovio/egov-user:hotfix instead of egovio/egov-user:v1.2.8-9fde481-19, last written by kubectl-set");
    }

    @Test
    void aSecondEnvironmentInTheSameNamespaceDoesNotTakeOverTheFirstsObjectsUnlessToldTo() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        Files.copy(helm.resolve("environments/dev.yaml"), helm.resolve("environments/qa.yaml"));
        Files.copy(helm.resolve("environments/dev-secrets.yaml"), helm.resolve("environments/qa-secrets.yaml"));
        String before = String.valueOf(KubeObjects.metadata(deployment("egov-user")).get("resourceVersion"));

        CliRun refused = digitctl("deploy", "-e", "qa", "egovio/egov-user:v1.2.8-9fde481-19");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("object(s) of this deploy belong to another environment, which would be taken over; nothing was applied")
                .contains("Deployment.apps/egov/egov-user (egov-user, environment dev)").contains("--adopt");
        assertThat(String.valueOf(KubeObjects.metadata(deployment("egov-user")).get("resourceVersion"))).isEqualTo(before);

        CliRun adopted = digitctl("deploy", "-e", "qa", "egovio/egov-user:v1.2.8-9fde481-19", "--adopt");

        assertThat(adopted.exit()).as(adopted.err() + adopted.out()).isZero();
        assertThat(KubeObjects.labels(deployment("egov-user"))).containsEntry("digitctl.io/environment", "qa");
    }
}
