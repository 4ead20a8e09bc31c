package io.digitctl.kube;

import java.util.Map;

/** Puts objects straight into a MockCluster, as another tool or person would. */
final class MockClusterSupport {
    private MockClusterSupport() {
    }

    static void create(MockCluster cluster, String collectionPath, Map<String, Object> object) {
        cluster.put(collectionPath, object);
    }
}
