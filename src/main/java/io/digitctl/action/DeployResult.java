package io.digitctl.action;

import io.digitctl.model.ResourceKey;
import io.digitctl.plan.DeployPlan;

import java.util.List;

/** A deploy's outcome: every service of the plan, and what was pruned. */
public record DeployResult(String deployId, DeployPlan plan, List<ServiceOutcome> services, List<ResourceKey> pruned) {

    public boolean ok() {
        return services.stream().allMatch(ServiceOutcome::healthy);
    }
}
