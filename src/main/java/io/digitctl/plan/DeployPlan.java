package io.digitctl.plan;

import java.util.List;

/**
 * What to deploy, in order: levels of services, plus the services left out because they have no
 * chart (only with --skip-missing) and warnings for the user.
 */
public record DeployPlan(String description, List<PlanLevel> levels, List<MissingChart> skipped, List<PlanWarning> warnings) {

    public List<ServiceDeploy> services() {
        return levels.stream().flatMap(l -> l.services().stream()).toList();
    }

    public int size() {
        return levels.stream().mapToInt(l -> l.services().size()).sum();
    }
}
