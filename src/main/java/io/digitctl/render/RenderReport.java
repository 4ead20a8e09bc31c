package io.digitctl.render;

import io.digitctl.plan.DeployPlan;

import java.util.List;

/** Every service of a plan, rendered or failed, in plan order. */
public record RenderReport(DeployPlan plan, List<ServiceRender> services, long wallMillis) {

    public List<ServiceRender.Failed> failures() {
        return services.stream().filter(s -> s instanceof ServiceRender.Failed).map(s -> (ServiceRender.Failed) s).toList();
    }

    public List<ServiceRender.Rendered> rendered() {
        return services.stream().filter(s -> s instanceof ServiceRender.Rendered).map(s -> (ServiceRender.Rendered) s).toList();
    }

    /** The services whose last deploy stands in for their render. */
    public List<ServiceRender.Recorded> recorded() {
        return services.stream().filter(s -> s instanceof ServiceRender.Recorded).map(s -> (ServiceRender.Recorded) s).toList();
    }

    public List<Manifest> manifests() {
        return rendered().stream().flatMap(r -> r.manifests().stream()).toList();
    }

    public boolean ok() {
        return failures().isEmpty();
    }
}
