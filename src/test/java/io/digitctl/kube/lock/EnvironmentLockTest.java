package io.digitctl.kube.lock;

import io.digitctl.kube.ClusterGateway;
import io.digitctl.kube.KubeException;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.MockGatewayTest;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Only the holder renews or releases the environment lock (issue #9, point 4). */
class EnvironmentLockTest extends MockGatewayTest {
    private static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/default/leases/digitctl-lock-dev";

    @Test
    void aHolderWhoseLockWasForcedAwayDoesNotReleaseTheNewHoldersLock() {
        EnvironmentLock a = EnvironmentLock.acquire(gateway, "dev", "default", "alice@a (pid 1)", "deploy");
        EnvironmentLock.forceRelease(gateway, "dev", "default", question -> true);
        EnvironmentLock b = EnvironmentLock.acquire(gateway, "dev", "default", "bob@b (pid 2)", "deploy");

        assertThatThrownBy(a::ensureHeld).isInstanceOf(DigitctlException.class)
                .hasMessageContaining("The lock of environment dev was taken by bob@b (pid 2) (deploy) (--force-unlock?) while this deploy ran");
        assertThat(a.lost()).isTrue();
        a.close();

        assertThatThrownBy(() -> EnvironmentLock.acquire(gateway, "dev", "default", "carol@c (pid 3)", "deploy"))
                .hasMessageContaining("Environment dev is locked by bob@b (pid 2) (deploy)");
        b.ensureHeld();
        b.close();
        assertThat(cluster.stored(LEASE)).isNull();
        EnvironmentLock.acquire(gateway, "dev", "default", "carol@c (pid 3)", "deploy").close();
    }

    @Test
    void theRenewerStopsAndTellsTheListenersWhenTheLeaseNamesSomeoneElse() {
        EnvironmentLock a = EnvironmentLock.acquire(gateway, "dev", "default", "alice@a (pid 1)", "deploy");
        List<String> told = new CopyOnWriteArrayList<>();
        a.onLost(told::add);
        a.renew();
        assertThat(a.lost()).isFalse();

        EnvironmentLock.forceRelease(gateway, "dev", "default", question -> true);
        EnvironmentLock b = EnvironmentLock.acquire(gateway, "dev", "default", "bob@b (pid 2)", "rollback of egov-user");
        Object bobsRenewTime = KubeObjects.at(cluster.stored(LEASE), "spec", "renewTime");
        a.renew();

        assertThat(told).singleElement().asString().contains("taken by bob@b (pid 2) (rollback of egov-user)");
        assertThat(KubeObjects.at(cluster.stored(LEASE), "spec", "holderIdentity")).isEqualTo("bob@b (pid 2) (rollback of egov-user)");
        assertThat(KubeObjects.at(cluster.stored(LEASE), "spec", "renewTime")).isEqualTo(bobsRenewTime);
        a.close();
        assertThat(cluster.stored(LEASE)).isNotNull();
        b.close();
    }

    @Test
    void aLeaseRemovedWhileHeldIsReportedAsLost() {
        EnvironmentLock a = EnvironmentLock.acquire(gateway, "dev", "default", "alice@a (pid 1)", "deploy");
        EnvironmentLock.forceRelease(gateway, "dev", "default", question -> true);
        a.renew();
        assertThat(a.lost()).isTrue();
        assertThatThrownBy(a::ensureHeld).hasMessageContaining("The lock of environment dev was removed (--force-unlock?) while this deploy ran");
        a.close();
        assertThat(cluster.stored(LEASE)).isNull();
    }

    @Test
    void aCreateWhoseAnswerWasLostAfterItLandedIsNotLockedByOurselves() {
        // the first create stores the lease, then its answer is lost: a 504, or a retry that meets our own lease
        for (KubeException lost : List.of(new KubeException.ServerError("lost answer", 504, "timeout", null),
                new ClusterGateway.ConflictException("exists already"))) {
            EnvironmentLock lock = EnvironmentLock.acquire(new LosingFirstCreate(gateway, lost), "dev", "default", "alice@a (pid 1)", "deploy");
            lock.ensureHeld();
            assertThat(cluster.stored(LEASE)).isNotNull();
            lock.close();
            assertThat(cluster.stored(LEASE)).isNull();
        }
    }

    @Test
    void aCreateThatDidNotLandStillReportsTheFailure() {
        cluster.fail("POST", "/leases", 500, 100);
        assertThatThrownBy(() -> EnvironmentLock.acquire(gateway, "dev", "default", "alice@a (pid 1)", "deploy"))
                .isInstanceOf(KubeException.ServerError.class).hasMessageContaining("500");
    }

    /** A gateway whose first create lands on the server but answers with a failure. */
    private static final class LosingFirstCreate implements ClusterGateway {
        private final ClusterGateway real;
        private final KubeException failure;
        private final AtomicBoolean first = new AtomicBoolean(true);

        LosingFirstCreate(ClusterGateway real, KubeException failure) {
            this.real = real;
            this.failure = failure;
        }

        @Override
        public Map<String, Object> create(Map<String, Object> object) {
            Map<String, Object> stored = real.create(object);
            if (first.getAndSet(false)) {
                throw failure;
            }
            return stored;
        }

        @Override
        public String server() {
            return real.server();
        }

        @Override
        public String serverVersion() {
            return real.serverVersion();
        }

        @Override
        public java.util.List<io.digitctl.kube.discovery.ServedKind> servedKinds() {
            return real.servedKinds();
        }

        @Override
        public Map<String, Object> apply(Map<String, Object> object, boolean dryRun) {
            return real.apply(object, dryRun);
        }

        @Override
        public Optional<Map<String, Object>> get(String apiVersion, ResourceKey key) {
            return real.get(apiVersion, key);
        }

        @Override
        public List<Map<String, Object>> list(String apiVersion, String kind, String namespace, Map<String, String> labels) {
            return real.list(apiVersion, kind, namespace, labels);
        }

        @Override
        public boolean delete(String apiVersion, ResourceKey key) {
            return real.delete(apiVersion, key);
        }

        @Override
        public boolean delete(String apiVersion, ResourceKey key, String resourceVersion) {
            return real.delete(apiVersion, key, resourceVersion);
        }

        @Override
        public Map<String, Object> replace(Map<String, Object> object) {
            return real.replace(object);
        }
    }
}
