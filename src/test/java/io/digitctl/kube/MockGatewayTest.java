package io.digitctl.kube;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh MockCluster and a gateway to it for each test, both closed after it. */
public abstract class MockGatewayTest {
    protected MockCluster cluster;
    protected Fabric8Gateway gateway;

    @BeforeEach
    void startClusterAndGateway() {
        cluster = new MockCluster();
        gateway = cluster.gateway();
    }

    @AfterEach
    void stopClusterAndGateway() {
        gateway.close();
        cluster.close();
    }
}
