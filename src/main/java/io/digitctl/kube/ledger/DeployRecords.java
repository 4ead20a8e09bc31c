package io.digitctl.kube.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.apply.DeployLabels;
import io.digitctl.model.DigitctlException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes environment-level deploy records: a Secret per deploy in the ledger namespace, the last {@value #KEEP} kept. */
public final class DeployRecords {
    public static final int KEEP = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterGateway cluster;
    private final String namespace;

    public DeployRecords(ClusterGateway cluster, String namespace) {
        this.cluster = cluster;
        this.namespace = namespace;
    }

    public void write(DeployRecord record) {
        Map<String, Object> labels = new LinkedHashMap<>(Map.of(DeployLabels.MANAGED_BY, DeployLabels.MANAGER,
                DeployLabels.ENVIRONMENT, record.environment(), Ledger.KIND_LABEL, "deploy",
                Ledger.STATUS_LABEL, record.result()));
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", Map.of("name", "digitctl." + record.environment() + ".deploy." + record.deployId(),
                "namespace", namespace, "labels", labels));
        secret.put("type", "digitctl.io/deploy.v1");
        try {
            secret.put("data", Map.of("deploy", Base64.getEncoder().encodeToString(JSON.writeValueAsString(record).getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            cluster.create(secret);
        } catch (ClusterGateway.ConflictException exists) {
            throw new DigitctlException("Cannot record deploy " + record.deployId() + " of environment " + record.environment()
                    + ": a deploy record of that id exists already in namespace " + namespace + " (409 Conflict: "
                    + exists.serverMessage() + "). The services' own revisions are recorded; run 'digitctl history -e "
                    + record.environment() + "'.", exists);
        }
        trim(record.environment());
    }

    /** The environment's deploy records, oldest first (deploy ids start with their time). */
    public java.util.List<DeployRecord> history(String environment) {
        java.util.List<DeployRecord> out = new java.util.ArrayList<>();
        for (Map<String, Object> secret : cluster.list("v1", "Secret", namespace,
                Map.of(Ledger.KIND_LABEL, "deploy", DeployLabels.ENVIRONMENT, environment))) {
            Object data = io.digitctl.kube.KubeObjects.at(secret, "data", "deploy");
            try {
                out.add(JSON.readValue(Base64.getDecoder().decode(String.valueOf(data)), DeployRecord.class));
            } catch (IOException | IllegalArgumentException e) {
                throw new DigitctlException("The deploy record " + io.digitctl.kube.KubeObjects.key(secret) + " is damaged ("
                        + e.getMessage() + "). Delete it with kubectl if it is not needed.");
            }
        }
        out.sort(java.util.Comparator.comparing(DeployRecord::deployId));
        return out;
    }

    /** Deploy ids start with their time, so name order is age order. */
    private void trim(String environment) {
        java.util.List<Map<String, Object>> records = new java.util.ArrayList<>(cluster.list("v1", "Secret", namespace,
                Map.of(Ledger.KIND_LABEL, "deploy", DeployLabels.ENVIRONMENT, environment)));
        records.sort(java.util.Comparator.comparing(r -> String.valueOf(io.digitctl.kube.KubeObjects.metadata(r).get("name"))));
        for (int i = 0; i < records.size() - KEEP; i++) {
            cluster.delete("v1", io.digitctl.kube.KubeObjects.key(records.get(i)));
        }
    }
}
