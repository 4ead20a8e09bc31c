package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.ledger.Ledger;
import io.digitctl.model.ImageRef;
import io.digitctl.plan.TagResolver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tag for an image given without one. The reference takes the first container's tag of the
 * Deployment labelled {@code app=<service>}, in any namespace; digitctl first takes the tag its
 * last deployed revision of the service in this environment recorded, so that a {@code kubectl set
 * image} in between (drift) is repaired rather than adopted, then the running tag of this
 * environment's Deployment, and only then the reference's rule, never from a Deployment that
 * digitctl labelled for another environment.
 */
public final class ClusterTags implements TagResolver {
    private final ClusterGateway cluster;
    private final String environment;
    private List<Map<String, Object>> deployments;
    private Map<String, Optional<String>> deployedTags;

    public ClusterTags(ClusterGateway cluster, String environment) {
        this.cluster = cluster;
        this.environment = environment;
    }

    /** Every Deployment, read once for all the untagged images of a plan rather than once per image. */
    private synchronized List<Map<String, Object>> deployments() {
        if (deployments == null) {
            deployments = cluster.list("apps/v1", "Deployment", null, Map.of());
        }
        return deployments;
    }

    /** The tag each service's last deployed revision had; empty for one that took its chart's default. */
    private synchronized Map<String, Optional<String>> deployedTags() {
        if (deployedTags == null) {
            deployedTags = new HashMap<>();
            Ledger.lastGoodByService(new Ledger(cluster, environment).history(null)).forEach((service, r) -> deployedTags.put(service, Optional.ofNullable(r.tag())));
        }
        return deployedTags;
    }

    @Override
    public Optional<String> runningTag(String service) {
        Optional<String> recorded = deployedTags().get(service);
        if (recorded != null) {
            return recorded;
        }
        List<Map<String, Object>> candidates = deployments().stream().filter(d -> service.equals(KubeObjects.labels(d).get("app"))).toList();
        Optional<String> ours = candidates.stream().filter(d -> environment.equals(KubeObjects.labels(d).get(DeployLabels.ENVIRONMENT)))
                .map(ClusterTags::firstTag).flatMap(Optional::stream).findFirst();
        if (ours.isPresent()) {
            return ours;
        }
        return candidates.stream().filter(d -> !KubeObjects.labels(d).containsKey(DeployLabels.ENVIRONMENT))
                .map(ClusterTags::firstTag).flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> firstTag(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = KubeObjects.list(deployment, "spec", "template", "spec", "containers");
        if (containers.isEmpty() || containers.get(0).get("image") == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(ImageRef.parse(String.valueOf(containers.get(0).get("image"))).tag());
        } catch (RuntimeException e) {
            // an image we cannot read names no tag to keep
            return Optional.empty();
        }
    }
}
