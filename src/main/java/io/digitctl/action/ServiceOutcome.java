package io.digitctl.action;

import io.digitctl.model.ResourceKey;

import java.util.List;

/** What happened to one service in a deploy or rollback. */
public record ServiceOutcome(String service, String image, Result result, long millis, String reason, int revision,
                             List<ResourceKey> applied) {

    public enum Result { DEPLOYED, FAILED, NOT_STARTED, ROLLED_BACK }
}
