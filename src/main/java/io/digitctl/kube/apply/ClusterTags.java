package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.model.ImageRef;
import io.digitctl.plan.TagResolver;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference's rule for an image given without a tag: the tag of the first container of the
 * Deployment labelled {@code app=<service>}, in any namespace.
 */
public final class ClusterTags implements TagResolver {
    private final ClusterGateway cluster;
    private List<Map<String, Object>> deployments;

    public ClusterTags(ClusterGateway cluster) {
        this.cluster = cluster;
    }

    /** Every Deployment, read once for all the untagged images of a plan rather than once per image. */
    private synchronized List<Map<String, Object>> deployments() {
        if (deployments == null) {
            deployments = cluster.list("apps/v1", "Deployment", null, Map.of());
        }
        return deployments;
    }

    @Override
    public Optional<String> runningTag(String service) {
        for (Map<String, Object> deployment : deployments().stream().filter(d -> service.equals(KubeObjects.labels(d).get("app"))).toList()) {
            List<Map<String, Object>> containers = KubeObjects.list(deployment, "spec", "template", "spec", "containers");
            if (!containers.isEmpty() && containers.get(0).get("image") != null) {
                try {
                    ImageRef image = ImageRef.parse(String.valueOf(containers.get(0).get("image")));
                    if (image.tag() != null) {
                        return Optional.of(image.tag());
                    }
                } catch (RuntimeException e) {
                    // an image we cannot read names no tag to keep
                }
            }
        }
        return Optional.empty();
    }
}
