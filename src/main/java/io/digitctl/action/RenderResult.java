package io.digitctl.action;

import io.digitctl.plan.DeployPlan;
import io.digitctl.render.RenderReport;

/** A plan and everything rendered for it, with the Kubernetes version the charts saw. */
public record RenderResult(DeployPlan plan, RenderReport report, String kubeVersion) {
}
