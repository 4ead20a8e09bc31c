package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.discovery.KindCatalog;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Waits until CRDs applied by a deploy are Established and discovery serves their kinds: until
 * then a real API server answers 404 for their custom resources.
 */
public final class CrdWaiter {
    private final ClusterGateway cluster;
    private final Duration poll;

    public CrdWaiter(ClusterGateway cluster, Duration poll) {
        this.cluster = cluster;
        this.poll = poll;
    }

    public void await(List<Map<String, Object>> crds, KindCatalog kinds, Deadline deadline) {
        if (crds.isEmpty()) {
            return;
        }
        List<ResourceKey> pending = new ArrayList<>(crds.stream().map(KubeObjects::key).toList());
        while (true) {
            pending.removeIf(this::established);
            if (pending.isEmpty()) {
                kinds.refresh(cluster.servedKinds());
                List<String> unserved = unserved(crds, kinds);
                if (unserved.isEmpty()) {
                    return;
                }
                if (deadline.passed()) {
                    throw new DigitctlException("The API server does not serve " + String.join(", ", unserved) + " " + deadline.total().toSeconds()
                            + "s after their CRDs were established. Check the API server, then deploy again.");
                }
            } else if (deadline.passed()) {
                throw new DigitctlException("CRDs not established after " + deadline.total().toSeconds() + "s: "
                        + String.join(", ", pending.stream().map(ResourceKey::name).toList()) + ". Check their status conditions (kubectl describe crd).");
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DigitctlException("Interrupted while waiting for CRDs to be established.");
            }
        }
    }

    private boolean established(ResourceKey crd) {
        return cluster.get("apiextensions.k8s.io/v1", crd)
                .map(live -> KubeObjects.list(live, "status", "conditions").stream()
                        .anyMatch(c -> "Established".equals(c.get("type")) && "True".equals(String.valueOf(c.get("status")))))
                .orElse(false);
    }

    private static List<String> unserved(List<Map<String, Object>> crds, KindCatalog kinds) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> crd : crds) {
            String group = String.valueOf(KubeObjects.at(crd, "spec", "group"));
            String kind = String.valueOf(KubeObjects.at(crd, "spec", "names", "kind"));
            for (Map<String, Object> v : KubeObjects.list(crd, "spec", "versions")) {
                if (!Boolean.FALSE.equals(v.get("served")) && !kinds.isServed(group + "/" + v.get("name"), kind)) {
                    out.add(kind + " (" + group + "/" + v.get("name") + ")");
                }
            }
        }
        return out;
    }
}
