package io.digitctl.action;

import io.digitctl.model.ResourceKey;

import java.util.List;

/** What happened to one service in a deploy or rollback. */
public record ServiceOutcome(String service, String image, Result result, long millis, String reason, int revision,
                             List<ResourceKey> applied) {

    public enum Result { DEPLOYED, UNCHANGED, FAILED, NOT_STARTED, ROLLED_BACK }

    /** Deployed now, or left as it was because nothing changed since its last deployed revision. */
    public boolean healthy() {
        return result == Result.DEPLOYED || result == Result.UNCHANGED;
    }
}
