package io.digitctl.kube.apply;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.model.ResourceKey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How rollout tracking reads the cluster: objects, the pods of a selector, and the events of a namespace. */
public interface LiveReader {

    Optional<Map<String, Object>> get(String apiVersion, ResourceKey key);

    List<Map<String, Object>> pods(String namespace, Map<String, String> labels);

    List<Map<String, Object>> events(String namespace);

    /** Each read goes to the API server. */
    static LiveReader direct(ClusterGateway cluster) {
        return new LiveReader() {
            @Override
            public Optional<Map<String, Object>> get(String apiVersion, ResourceKey key) {
                return cluster.get(apiVersion, key);
            }

            @Override
            public List<Map<String, Object>> pods(String namespace, Map<String, String> labels) {
                return cluster.list("v1", "Pod", namespace, labels);
            }

            @Override
            public List<Map<String, Object>> events(String namespace) {
                return cluster.list("v1", "Event", namespace, Map.of());
            }
        };
    }
}
