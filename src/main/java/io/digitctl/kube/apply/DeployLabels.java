package io.digitctl.kube.apply;

import java.util.Map;

/**
 * Labels on every object digitctl applies, so that status, prune and the ledger can find them, and
 * so that nothing digitctl did not label is ever pruned.
 */
public final class DeployLabels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "digitctl";
    public static final String SERVICE = "digitctl.io/service";
    public static final String ENVIRONMENT = "digitctl.io/environment";

    private DeployLabels() {
    }

    public static Map<String, String> of(String environment, String service) {
        return Map.of(MANAGED_BY, MANAGER, ENVIRONMENT, environment, SERVICE, service);
    }

    public static boolean ours(Map<String, String> labels, String environment, String service) {
        return MANAGER.equals(labels.get(MANAGED_BY)) && environment.equals(labels.get(ENVIRONMENT))
                && service.equals(labels.get(SERVICE));
    }
}
