package io.digitctl.plan;

import java.util.List;

/** Services that may be deployed in parallel: every module they need is in an earlier level. */
public record PlanLevel(int number, List<String> modules, List<ServiceDeploy> services) {
}
