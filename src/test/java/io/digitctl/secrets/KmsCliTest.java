package io.digitctl.secrets;

import io.digitctl.TestTrees;
import io.digitctl.action.Finding;
import io.digitctl.action.ValidateAction;
import io.digitctl.cli.CliProcess;
import io.digitctl.cli.CliRun;
import io.digitctl.secrets.keys.KeySettings;
import io.digitctl.secrets.kms.LocalKeyServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

/** The acceptance of cloud KMS: the real command line, with the standard AWS variables pointing at a local KMS. */
class KmsCliTest {
    static final String ARN = CloudKmsTest.ARN;

    @TempDir
    Path dir;
    LocalKeyServices.AwsKms aws;

    @BeforeEach
    void start() {
        aws = new LocalKeyServices.AwsKms(ARN);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    /** The standard variables only, in a home without AWS files. */
    Map<String, String> awsEnv() {
        return new HashMap<>(Map.of("AWS_ENDPOINT_URL_KMS", aws.url(), "AWS_ACCESS_KEY_ID", LocalKeyServices.AwsKms.GOOD_ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", LocalKeyServices.AwsKms.SECRET, "AWS_REGION", "ap-south-1", "HOME", dir.toString()));
    }

    @Test
    void encryptWithKmsThenDecryptThroughTheSameEndpointFromTheEnvironment() throws Exception {
        Path plain = write(dir, "env/egov-demo-secrets.yaml", "cluster-configs:\n    secrets:\n        db:\n            password: s3cr3t\n");

        CliRun encrypt = CliProcess.run(awsEnv(), dir, "secrets", "encrypt", plain.toString(), "--kms", ARN, "--in-place");
        assertThat(encrypt.exit()).as(encrypt.err()).isZero();
        String text = Files.readString(plain);
        assertThat(text).doesNotContain("s3cr3t").contains("    kms:\n        - arn: " + ARN + "\n", "          aws_profile: \"\"\n",
                "          created_at: \"", "          enc: ", "    unencrypted_suffix: _unencrypted\n", "    version: 3.13.2\n");
        assertThat(text).doesNotContain("age:", "pgp:", "role:", "context:");
        assertThat(aws.requests).singleElement().asString().isEqualTo("POST / TrentService.Encrypt");

        CliRun decrypt = CliProcess.run(awsEnv(), dir, "secrets", "decrypt", plain.toString(),
                "--extract", "[\"cluster-configs\"][\"secrets\"][\"db\"][\"password\"]");
        assertThat(decrypt.exit()).as(decrypt.err()).isZero();
        assertThat(decrypt.out()).isEqualTo("s3cr3t");
        assertThat(decrypt.err()).isEmpty();
        assertThat(aws.requests).last().asString().isEqualTo("POST / TrentService.Decrypt");

        Map<String, String> wrong = awsEnv();
        wrong.put("AWS_ACCESS_KEY_ID", LocalKeyServices.AwsKms.DENIED_ACCESS_KEY);
        CliRun denied = CliProcess.run(wrong, dir, "secrets", "decrypt", plain.toString());
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.out()).isEmpty();
        assertThat(denied.err()).startsWith("error: Cannot decrypt").contains("aws kms " + ARN, "access denied", "user/ci-denied")
                .doesNotContain("s3cr3t", LocalKeyServices.AwsKms.SECRET, "\tat ");
    }

    @Test
    void rotateReachesTheKmsKeyAgain() throws Exception {
        Path plain = write(dir, "a.yaml", "token: s3cr3t\n");
        assertThat(CliProcess.run(awsEnv(), dir, "secrets", "encrypt", plain.toString(), "--kms", ARN, "--encryption-context", "env:dev", "-i").exit()).isZero();
        String before = Files.readString(plain);
        assertThat(before).contains("context:\n              env: dev\n");
        CliRun rotate = CliProcess.run(awsEnv(), dir, "secrets", "rotate", plain.toString(), "-i");
        assertThat(rotate.exit()).as(rotate.err()).isZero();
        assertThat(Files.readString(plain)).isNotEqualTo(before).contains("context:\n              env: dev\n");
        assertThat(CliProcess.run(awsEnv(), dir, "secrets", "decrypt", plain.toString()).out()).isEqualTo("token: s3cr3t\n");
    }

    @Test
    void gcpKmsAndVaultTransitThroughTheCommandLine() throws Exception {
        try (LocalKeyServices.GcpKms gcp = new LocalKeyServices.GcpKms(CloudKmsTest.GCP);
             LocalKeyServices.Vault vault = new LocalKeyServices.Vault("transit/sops")) {
            Map<String, String> both = Map.of("HOME", dir.toString(), "DIGITCTL_GCP_KMS_ENDPOINT", gcp.url(),
                    "GOOGLE_OAUTH_ACCESS_TOKEN", LocalKeyServices.GcpKms.GOOD_TOKEN, "VAULT_TOKEN", LocalKeyServices.Vault.GOOD_TOKEN);
            Path plain = write(dir, "a.json", "{\"token\": \"s3cr3t\"}\n");
            CliRun encrypt = CliProcess.run(both, dir, "secrets", "encrypt", plain.toString(), "-i", "--gcp-kms", CloudKmsTest.GCP,
                    "--hc-vault-transit", vault.url() + "/v1/transit/keys/sops");
            assertThat(encrypt.exit()).as(encrypt.err()).isZero();
            assertThat(Files.readString(plain)).contains("\"gcp_kms\": [", "\"resource_id\": \"" + CloudKmsTest.GCP + "\"", "\"hc_vault\": [",
                    "\"engine_path\": \"transit\"", "\"enc\": \"vault:v1:");

            CliRun gcpOnly = CliProcess.run(Map.of("HOME", dir.toString(), "DIGITCTL_GCP_KMS_ENDPOINT", gcp.url(),
                    "GOOGLE_OAUTH_ACCESS_TOKEN", LocalKeyServices.GcpKms.GOOD_TOKEN), dir, "secrets", "decrypt", plain.toString());
            assertThat(gcpOnly.out()).as(gcpOnly.err()).isEqualTo("{\n\t\"token\": \"s3cr3t\"\n}\n");

            Files.writeString(dir.resolve(".vault-token"), LocalKeyServices.Vault.GOOD_TOKEN + "\n");
            CliRun vaultOnly = CliProcess.run(Map.of("HOME", dir.toString(), "DIGITCTL_GCP_KMS_ENDPOINT", gcp.url(),
                    "GOOGLE_OAUTH_ACCESS_TOKEN", LocalKeyServices.GcpKms.DENIED_TOKEN), dir, "secrets", "decrypt", plain.toString());
            assertThat(vaultOnly.out()).as(vaultOnly.err()).isEqualTo("{\n\t\"token\": \"s3cr3t\"\n}\n");
            assertThat(vaultOnly.err()).startsWith("note: gcp kms " + CloudKmsTest.GCP).contains("PERMISSION_DENIED", "another key opened the file");
        }
    }

    @Test
    void aBadKeyNameIsAUsageError() {
        Path plain = write(dir, "a.yaml", "token: s3cr3t\n");
        CliRun run = CliRun.of("secrets", "encrypt", plain.toString(), "--hc-vault-transit", "https://vault:8200/transit/sops");
        assertThat(run.exit()).isEqualTo(64);
        assertThat(run.err()).contains("'https://vault:8200/transit/sops' is not a Vault transit key URI");
    }

    @Test
    void validateReportsWhetherAKmsOnlySecretsFileIsUsableHere() throws Exception {
        Path helm = dir.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        Path secrets = helm.resolve("environments/dev-secrets.yaml");
        KeySettings withAws = new KeySettings(Map.of("AWS_ENDPOINT_URL_KMS", aws.url(), "AWS_ACCESS_KEY_ID", LocalKeyServices.AwsKms.GOOD_ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", LocalKeyServices.AwsKms.SECRET), dir, List.of(), List.of(), () -> null);
        byte[] plain = examplePlaintext(secrets);
        Files.write(secrets, new Sops(new io.digitctl.secrets.keys.DataKeys(withAws, new io.digitctl.secrets.kms.CloudKeys(withAws)))
                .encrypt(secrets, Sops.read(secrets, plain).documents(), new EncryptionPlan(List.of(new EncryptionPlan.Group(List.of(), List.of(),
                        io.digitctl.secrets.kms.KeySpecs.aws(ARN, Map.of(), ""))), 0, io.digitctl.secrets.crypto.EncryptionRules.DEFAULT, false)));
        aws.requests.clear();

        List<Finding> usable = new ValidateAction().run(new ValidateAction.Request(helm, "dev", false, withAws)).findings();
        assertThat(usable).noneMatch(f -> f.code().equals("secrets-no-key"));
        assertThat(aws.requests).as("validate does not call the service").isEmpty();

        KeySettings none = new KeySettings(Map.of("AWS_EC2_METADATA_DISABLED", "true"), dir, List.of(), List.of(), () -> null);
        List<Finding> unusable = new ValidateAction().run(new ValidateAction.Request(helm, "dev", false, none)).findings();
        assertThat(unusable).filteredOn(f -> f.code().equals("secrets-no-key")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("aws kms " + ARN + " (no AWS credentials found (environment variables AWS_ACCESS_KEY_ID"));
    }

    /** The example secrets file's plaintext, opened with the demo key. */
    static byte[] examplePlaintext(Path encrypted) {
        Path key = TestTrees.examples().resolveSibling("keys/dev-demo.agekey");
        KeySettings settings = new KeySettings(Map.of(), encrypted.getParent(), List.of(key), List.of(), () -> null);
        return new Sops(new io.digitctl.secrets.keys.DataKeys(settings, io.digitctl.secrets.keys.CloudKeyService.NONE))
                .decrypt(encrypted, false).plaintext();
    }
}
