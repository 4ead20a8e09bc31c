package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.ClusterScope;
import io.digitctl.kube.KubeObjects;
import io.digitctl.model.DigitctlException;
import io.digitctl.render.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Applies the objects of one service in kind order, each labelled with its service and environment. */
public final class ServiceApplier {
    private final ClusterGateway cluster;
    private final String environment;
    private final String defaultNamespace;

    public ServiceApplier(ClusterGateway cluster, String environment, String defaultNamespace) {
        this.cluster = cluster;
        this.environment = environment;
        this.defaultNamespace = defaultNamespace;
    }

    /** The object as it is sent: labelled, and in the default namespace when it is namespaced and names none. */
    public Map<String, Object> desired(Manifest manifest) {
        Map<String, Object> object = KubeObjects.withLabels(manifest.object(), DeployLabels.of(environment, manifest.service()));
        return ClusterScope.isClusterScoped(manifest.key().kind()) ? object : KubeObjects.inNamespace(object, defaultNamespace);
    }

    /** Applies the manifests; on the first failure, reports what was applied before it. */
    public List<Map<String, Object>> apply(List<Manifest> manifests) {
        List<Map<String, Object>> applied = new ArrayList<>();
        for (Manifest manifest : KindOrder.sorted(manifests)) {
            Map<String, Object> object = desired(manifest);
            try {
                cluster.apply(object, false);
                applied.add(object);
            } catch (DigitctlException e) {
                throw new ApplyFailure(e.getMessage() + " (from " + manifest.source() + ")", applied);
            }
        }
        return applied;
    }
}
