package io.digitctl.kube;

import io.digitctl.cli.CliRun;
import io.digitctl.kube.apply.DeployLabels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeployToClusterTest extends ClusterTestBase {

    @Test
    void aFirstDeployCreatesEveryObjectLabelledWithItsServiceAndRecordsRevisions() {
        CliRun run = deployRelease();

        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        for (String service : List.of("egov-mdms-service", "egov-user", "egov-idgen", "billing-service", "pgr-services")) {
            Map<String, Object> d = deployment(service);
            assertThat(d).as(service).isNotNull();
            assertThat(KubeObjects.labels(d)).containsEntry(DeployLabels.SERVICE, service).containsEntry(DeployLabels.ENVIRONMENT, "dev")
                    .containsEntry(DeployLabels.MANAGED_BY, "digitctl");
            assertThat(cluster.stored("/api/v1/namespaces/egov/services/" + service)).as(service + " Service").isNotNull();
        }
        assertThat(image(deployment("egov-user"))).isEqualTo("egovio/egov-user:v1.2.8-9fde481-19");
        assertThat(image(deployment("pgr-services"))).isEqualTo("egovio/pgr-services:v1.1.0-1a2b3c4-7");
        assertThat(run.out()).contains("Deployed: 6 of 6 services deployed").contains("egov-user").contains("deployed");
        List<Map<String, Object>> revisions = cluster.storedList("/api/v1/namespaces/egov/secrets");
        assertThat(revisions).extracting(s -> String.valueOf(KubeObjects.metadata(s).get("name")))
                .contains("digitctl.dev.egov-user.v1", "digitctl.dev.pgr-services.v1");
        assertThat(cluster.storedList("/apis/coordination.k8s.io/v1/namespaces/default/leases")).as("the lock is released").isEmpty();
        assertThat(cluster.storedList("/api/v1/namespaces/default/secrets")).extracting(r -> String.valueOf(KubeObjects.metadata(r).get("name")))
                .as("besides the deploy record, what cluster-configs was applied from (hashes only)").contains("digitctl.dev.cluster-configs-input");
        assertThat(cluster.storedList("/api/v1/namespaces/default/secrets").stream()
                .filter(r -> "deploy".equals(KubeObjects.labels(r).get("digitctl.io/ledger")))).as("the environment-level record")
                .singleElement().satisfies(r -> assertThat(KubeObjects.metadata(r).get("name").toString()).startsWith("digitctl.dev.deploy."));
        assertThat(run.err()).contains("egov-user").contains("deployed");
        assertThat(run.out()).contains("egov-idgen         egovio/egov-idgen:v1.2.3-44558a0-3");
    }
}
