package io.digitctl.cli;

import io.digitctl.TestTrees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

class ValidateSecretsTest {

    @TempDir
    Path tmp;
    Path helm;
    String key;

    @BeforeEach
    void tree() {
        helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        key = TestTrees.examples().resolveSibling("keys/dev-demo.agekey").toString();
    }

    @Test
    void theExampleSecretsCoverWhatClusterConfigsUses() {
        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "dev", "--age-key-file", key);
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).doesNotContain("secret");
    }

    @Test
    void aKeyUsedByClusterConfigsButAbsentFromTheEncryptedSecretsIsAnError() {
        write(helm, "charts/cluster-configs/templates/sms.yaml", """
                {{- with index .Values "cluster-configs" "secrets" "egov-notification-sms" }}
                apiVersion: v1
                kind: Secret
                metadata: {name: sms, namespace: egov}
                data:
                  username: {{ index . "username" | b64enc }}
                  apikey: {{ index . "api-key" | b64enc }}
                  {{- if index . "gateway-url" }}
                  gateway: {{ index . "gateway-url" }}
                  gateway-token: {{ index . "gateway-token" }}
                  {{- end }}
                {{- end }}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: pg, namespace: egov}
                data:
                  merchant: {{ index $.Values "cluster-configs" "secrets" "egov-pg-service" "merchant-id" | b64enc }}
                """);

        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "dev", "--age-key-file", key);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("cluster-configs secret 'egov-notification-sms' has no key 'api-key', which sms.yaml:7")
                .contains("cluster-configs secret 'egov-pg-service' is used by")
                .doesNotContain("'username'").doesNotContain("gateway");
    }

    @Test
    void anEncryptedSecretsFileThatNoKeyOpensIsAWarning() {
        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "dev");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("WARNING " + helm.resolve("environments/dev-secrets.yaml") + ": no available key opens this file")
                .contains("age age1");
    }
}
