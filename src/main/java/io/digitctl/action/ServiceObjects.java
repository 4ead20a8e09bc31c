package io.digitctl.action;

import io.digitctl.kube.apply.ServiceApplier;
import io.digitctl.plan.ServiceDeploy;
import io.digitctl.render.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What one service will send to the cluster, as sent (labelled, namespaced where the kind is):
 * namespaces and CRDs, which go before every level; its Helm hooks, which run around it; and its
 * ordinary objects.
 */
record ServiceObjects(ServiceDeploy service, List<Map<String, Object>> clusterWide, List<Map<String, Object>> hooks,
                      List<Map<String, Object>> ordinary) {

    static ServiceObjects of(ServiceDeploy service, List<Manifest> manifests, ServiceApplier applier) {
        List<Map<String, Object>> clusterWide = new ArrayList<>();
        List<Map<String, Object>> hooks = new ArrayList<>();
        List<Map<String, Object>> ordinary = new ArrayList<>();
        for (Manifest m : manifests) {
            Map<String, Object> desired = applier.desired(m);
            if (m.hook().isPresent()) {
                hooks.add(desired);
            } else if (m.key().kind().equals("Namespace") || m.isCrd()) {
                clusterWide.add(desired);
            } else {
                ordinary.add(desired);
            }
        }
        return new ServiceObjects(service, List.copyOf(clusterWide), List.copyOf(hooks), List.copyOf(ordinary));
    }

    String name() {
        return service.service();
    }

    /** Everything the service renders, in one list: what its revision records. */
    List<Map<String, Object>> all() {
        List<Map<String, Object>> all = new ArrayList<>(clusterWide);
        all.addAll(ordinary);
        all.addAll(hooks);
        return all;
    }

    /** The same service without the objects that {@code leaveOut} selects. */
    ServiceObjects without(Predicate<Map<String, Object>> leaveOut) {
        return new ServiceObjects(service, clusterWide.stream().filter(leaveOut.negate()).toList(),
                hooks.stream().filter(leaveOut.negate()).toList(), ordinary.stream().filter(leaveOut.negate()).toList());
    }
}
