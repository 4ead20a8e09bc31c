package io.digitctl.kube;

import io.digitctl.kube.ledger.Ledger;
import io.digitctl.kube.ledger.Revision;
import io.digitctl.model.DigitctlException;
import io.digitctl.model.ResourceKey;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kubernetes failures are typed by their HTTP code (issue #9, point 5); a 409 in the ledger is retried or reported. */
class KubeErrorsTest extends MockGatewayTest {
    private static final ResourceKey CONFIG = new ResourceKey("", "ConfigMap", "default", "settings");
    @TempDir
    Path tmp;

    private static Map<String, Object> configMap(String value) {
        return Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "settings", "namespace", "default"),
                "data", Map.of("key", value));
    }

    @Test
    void eachFailureHasItsTypeCodeAndTheServersMessage() {
        cluster.fail("GET", "/configmaps/settings", 403, 1);
        assertThatThrownBy(() -> gateway.get("v1", CONFIG)).isInstanceOfSatisfying(KubeException.Forbidden.class, e -> {
            assertThat(e.code()).isEqualTo(403);
            assertThat(e.serverMessage()).isEqualTo("injected fault");
            assertThat(e).hasMessageContaining("Cannot read ConfigMap/default/settings: the API server refused access (403");
        });
        cluster.fail("POST", "/configmaps", 422, 1);
        assertThatThrownBy(() -> gateway.create(configMap("a"))).isInstanceOfSatisfying(KubeException.Rejected.class,
                e -> assertThat(e.code()).isEqualTo(422));
        assertThatThrownBy(() -> gateway.replace(configMap("a"))).isInstanceOf(KubeException.NotFound.class)
                .isInstanceOf(DigitctlException.class);
        gateway.create(configMap("a"));
        assertThatThrownBy(() -> gateway.create(configMap("b"))).isInstanceOfSatisfying(ClusterGateway.ConflictException.class, e -> {
            assertThat(e.code()).isEqualTo(409);
            assertThat(e).hasMessageContaining("Cannot create ConfigMap/default/settings: it exists already (409 Conflict");
        });
        cluster.fail("GET", "/configmaps/settings", 503, 10);
        assertThatThrownBy(() -> gateway.get("v1", CONFIG)).isInstanceOfSatisfying(KubeException.ServerError.class,
                e -> assertThat(e.code()).isEqualTo(503));
    }

    @Test
    void aCreateWhoseAnswerWasLostIsRecognisedWhenItsRetryMeetsIt() throws Exception {
        Path kubeconfig = cluster.kubeconfig(tmp);
        Config config = Config.fromKubeconfig("mock", kubeconfig.toFile());
        config.setRequestRetryBackoffLimit(0);
        try (Fabric8Gateway lossy = new Fabric8Gateway(new KubernetesClientBuilder().withConfig(config).build(), new LosingFirstAnswer())) {
            Map<String, Object> created = lossy.create(configMap("a"));
            assertThat(KubeObjects.at(created, "data", "key")).isEqualTo("a");
        }
        assertThat(cluster.requestLog().stream().filter(r -> r.startsWith("POST")).count()).isEqualTo(2);
        // someone else's object with the same name is still a conflict
        try (Fabric8Gateway lossy = new Fabric8Gateway(new KubernetesClientBuilder().withConfig(config).build(), new LosingFirstAnswer())) {
            cluster.fail("POST", "/configmaps", 504, 1);
            assertThatThrownBy(() -> lossy.create(configMap("b"))).isInstanceOf(ClusterGateway.ConflictException.class);
        }
    }

    @Test
    void aConflictInALedgerUpdateIsReadAgainAndApplied() {
        Ledger ledger = new Ledger(gateway, "dev");
        Revision pending = ledger.create(revision());
        cluster.fail("PUT", "/secrets/digitctl.dev.egov-user.v1", 409, 2);
        ledger.update(pending.with(Revision.Status.DEPLOYED, "2026-01-01T00:01:00Z", "ok", List.of()));
        assertThat(ledger.latest("egov-user").orElseThrow().status()).isEqualTo(Revision.Status.DEPLOYED);
        assertThat(cluster.requestLog().stream().filter(r -> r.startsWith("PUT")).count()).isEqualTo(3);
    }

    @Test
    void aConflictThatPersistsIsReportedAsOne() {
        Ledger ledger = new Ledger(gateway, "dev");
        Revision pending = ledger.create(revision());
        cluster.fail("PUT", "/secrets/digitctl.dev.egov-user.v1", 409, 100);
        assertThatThrownBy(() -> ledger.update(pending.with(Revision.Status.DEPLOYED, "2026-01-01T00:01:00Z", "ok", List.of())))
                .isInstanceOf(DigitctlException.class)
                .hasMessageContaining("The ledger record Secret/default/digitctl.dev.egov-user.v1 of egov-user kept changing")
                .hasMessageContaining("409 Conflict, 5 attempts");
    }

    private static Revision revision() {
        return new Revision("dev", "egov-user", 0, Revision.Status.PENDING, "egovio/egov-user:v1", "v1", "charts/egov-user",
                "sha256:0", List.of(), "alice", "laptop", "2026-01-01T00:00:00Z", null, "deploy 1", "1", "default");
    }

    /** The first call reaches the server and is stored, but its answer is lost (a 504), as over a flaky network. */
    private static final class LosingFirstAnswer extends Retry {
        private final AtomicBoolean first = new AtomicBoolean(true);

        LosingFirstAnswer() {
            super(3, 10);
        }

        @Override
        public <T> T call(Supplier<T> call) {
            return super.call(() -> {
                T result = call.get();
                if (first.getAndSet(false)) {
                    throw new KubernetesClientException("the answer was lost", 504, null);
                }
                return result;
            });
        }
    }
}
