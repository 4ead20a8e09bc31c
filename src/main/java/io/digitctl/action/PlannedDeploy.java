package io.digitctl.action;

import io.digitctl.kube.ledger.Revision;
import io.digitctl.plan.DeployPlan;

import java.util.Map;

/**
 * A deploy as planned, before anything is applied: the plan with its tags, a digest of each
 * service's rendered objects (as its revision would record it: volatile fields and secret values
 * left out), the services left alone as unchanged, and the environment's ledger as it is now.
 */
public final class PlannedDeploy {
    private final String environment;
    private final String deployId;
    private final DeployPlan plan;
    private final Map<String, String> digests;
    private final Map<String, Integer> unchanged;
    private final Map<String, Revision> latest;

    PlannedDeploy(String environment, String deployId, DeployPlan plan, Map<String, String> digests, Map<String, Integer> unchanged,
                  Map<String, Revision> latest) {
        this.environment = environment;
        this.deployId = deployId;
        this.plan = plan;
        this.digests = digests;
        this.unchanged = unchanged;
        this.latest = latest;
    }

    /** {@code latest}: the latest revisions the deploy read with the lock held, before anything was written. */
    static PlannedDeploy of(String environment, String deployId, DeployPlan plan, Map<String, String> digests,
                            Map<String, Integer> unchanged, Map<String, Revision> latest) {
        return new PlannedDeploy(environment, deployId, plan, Map.copyOf(digests), Map.copyOf(unchanged), Map.copyOf(latest));
    }

    public String environment() {
        return environment;
    }

    public String deployId() {
        return deployId;
    }

    public DeployPlan plan() {
        return plan;
    }

    /** Service → digest of its rendered objects. */
    public Map<String, String> digests() {
        return digests;
    }

    /** Services whose objects equal their last deployed revision and run healthy: left alone. */
    public Map<String, Integer> unchanged() {
        return unchanged;
    }

    /** The latest revision of every service recorded in the environment before the deploy. */
    public Map<String, Revision> ledgerState() {
        return latest;
    }
}
