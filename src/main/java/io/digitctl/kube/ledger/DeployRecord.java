package io.digitctl.kube.ledger;

import java.util.List;

/** The environment-level record of one deploy: what was asked, by whom, and each service's revision and result. */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record DeployRecord(String deployId, String environment, String description, String user, String host,
                           String startedAt, String finishedAt, String result, List<Entry> services) {

    /** A new deploy id: its time to the second, so that name order is age order, and a random suffix. */
    public static String newId() {
        return java.time.Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 14) + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 6);
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String service, int revision, String result, String reason) {
    }
}
