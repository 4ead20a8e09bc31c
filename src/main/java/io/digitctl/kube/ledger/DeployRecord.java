package io.digitctl.kube.ledger;

import java.util.List;

/** The environment-level record of one deploy: what was asked, by whom, and each service's revision and result. */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record DeployRecord(String deployId, String environment, String description, String user, String host,
                           String startedAt, String finishedAt, String result, List<Entry> services) {

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String service, int revision, String result, String reason) {
    }
}
