package io.digitctl.secrets;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.digitctl.TestTrees;
import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.crypto.EncryptionRules;
import io.digitctl.secrets.keys.DataKeys;
import io.digitctl.secrets.keys.KeySettings;
import io.digitctl.secrets.kms.CloudKeys;
import io.digitctl.secrets.kms.KeySpecs;
import io.digitctl.secrets.kms.LocalKeyServices;
import io.digitctl.secrets.store.PlainValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SOPS files with AWS KMS, GCP KMS, Azure Key Vault and Vault transit keys, against local services on 127.0.0.1. */
class CloudKmsTest {
    static final String ARN = "arn:aws:kms:ap-south-1:218381940040:key/9a3b0835-7713-4925-8b3d-da7e421d28d2";
    static final String GCP = "projects/digit-egov/locations/asia-south1/keyRings/egov-sops/cryptoKeys/egov-sops-key";
    static final String YAML = "db:\n    user: egov\n    password: s3cr3t\nlist:\n    - 1\n    - true\n";

    @TempDir
    Path dir;
    LocalKeyServices.AwsKms aws;
    LocalKeyServices.GcpKms gcp;
    LocalKeyServices.AzureKeyVault azure;
    LocalKeyServices.Vault vault;

    @BeforeEach
    void start() {
        aws = new LocalKeyServices.AwsKms(ARN);
        gcp = new LocalKeyServices.GcpKms(GCP);
        azure = new LocalKeyServices.AzureKeyVault("sops-key");
        vault = new LocalKeyServices.Vault("transit/sops", "team/transit/other");
    }

    @AfterEach
    void stop() {
        aws.close();
        gcp.close();
        azure.close();
        vault.close();
    }

    /** Credentials for every local service; {@code without} removes variables. */
    Map<String, String> env(String... without) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_ENDPOINT_URL_KMS", aws.url(),
                "AWS_ACCESS_KEY_ID", LocalKeyServices.AwsKms.GOOD_ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", LocalKeyServices.AwsKms.SECRET,
                "AWS_REGION", "ap-south-1",
                "AWS_EC2_METADATA_DISABLED", "true",
                "DIGITCTL_GCP_KMS_ENDPOINT", gcp.url(),
                "GOOGLE_OAUTH_ACCESS_TOKEN", LocalKeyServices.GcpKms.GOOD_TOKEN,
                "VAULT_TOKEN", LocalKeyServices.Vault.GOOD_TOKEN));
        for (String name : without) {
            env.remove(name);
        }
        return env;
    }

    static TokenCredential azureToken(String token) {
        return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    }

    Sops sops(Map<String, String> env) {
        return sops(env, azureToken(LocalKeyServices.AzureKeyVault.GOOD_TOKEN), List.of());
    }

    Sops sops(Map<String, String> env, TokenCredential azureCredential, List<Path> pgpKeys) {
        KeySettings settings = new KeySettings(env, dir, List.of(), pgpKeys, () -> null);
        return new Sops(new DataKeys(settings, new CloudKeys(settings, new CloudKeys.Overrides(azureCredential))));
    }

    Recipient.Cloud key(String type) {
        return switch (type) {
            case "kms" -> KeySpecs.aws(ARN, "", Map.of(), "");
            case "gcp_kms" -> KeySpecs.gcp(GCP).get(0);
            case "azure_kv" -> KeySpecs.azure(azure.url() + "/keys/sops-key/" + LocalKeyServices.AzureKeyVault.VERSION).get(0);
            case "hc_vault" -> KeySpecs.vault(vault.url() + "/v1/transit/keys/sops").get(0);
            default -> throw new IllegalArgumentException(type);
        };
    }

    static EncryptionPlan plan(EncryptionPlan.Group... groups) {
        return new EncryptionPlan(List.of(groups), 0, EncryptionRules.DEFAULT, false);
    }

    static EncryptionPlan.Group group(List<String> age, Recipient.Cloud... cloud) {
        return new EncryptionPlan.Group(age, List.of(), List.of(cloud));
    }

    Path encrypt(Sops sops, EncryptionPlan plan) throws Exception {
        Path file = dir.resolve("secrets.yaml");
        Files.write(file, sops.encrypt(file, Sops.read(file, YAML.getBytes()).documents(), plan));
        return file;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stanza(Path file, String type) throws Exception {
        List<?> list = (List<?>) Sops.read(file, Files.readAllBytes(file)).metadata().get(type);
        assertThat(list).hasSize(1);
        return (Map<String, Object>) list.get(0);
    }

    static String plaintext(DecryptedFile file) {
        return new String(file.plaintext());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kms", "gcp_kms", "azure_kv", "hc_vault"})
    void eachServiceRoundTripsWithTheStanzaSopsWrites(String type) throws Exception {
        Path file = encrypt(sops(env()), plan(group(List.of(), key(type))));

        Map<String, Object> stanza = stanza(file, type);
        String enc = String.valueOf(stanza.get("enc"));
        switch (type) {
            case "kms" -> {
                assertThat(stanza.keySet()).isEqualTo(Set.of("arn", "created_at", "enc", "aws_profile"));
                assertThat(stanza).containsEntry("arn", ARN).containsEntry("aws_profile", "");
                assertThat(enc).matches("[A-Za-z0-9+/]+=*");
                assertThat(Files.readString(file)).contains("aws_profile: \"\"");
            }
            case "gcp_kms" -> {
                assertThat(stanza.keySet()).isEqualTo(Set.of("resource_id", "created_at", "enc"));
                assertThat(enc).matches("[A-Za-z0-9+/]+=*");
            }
            case "azure_kv" -> {
                assertThat(stanza.keySet()).isEqualTo(Set.of("vault_url", "name", "version", "created_at", "enc"));
                assertThat(stanza).containsEntry("vault_url", azure.url()).containsEntry("name", "sops-key")
                        .containsEntry("version", LocalKeyServices.AzureKeyVault.VERSION);
                assertThat(enc).matches("[A-Za-z0-9_-]+");
            }
            case "hc_vault" -> {
                assertThat(stanza.keySet()).isEqualTo(Set.of("vault_address", "engine_path", "key_name", "created_at", "enc"));
                assertThat(stanza).containsEntry("vault_address", vault.url()).containsEntry("engine_path", "transit").containsEntry("key_name", "sops");
                assertThat(enc).startsWith("vault:v1:");
            }
            default -> throw new IllegalArgumentException(type);
        }
        assertThat(String.valueOf(stanza.get("created_at"))).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(Files.readString(file)).doesNotContain("s3cr3t");

        DecryptedFile opened = sops(env()).decrypt(file, false);
        assertThat(plaintext(opened)).isEqualTo(YAML);
        assertThat(opened.notes()).isEmpty();

        Files.write(file, sops(env()).rotate(opened));
        assertThat(String.valueOf(stanza(file, type).get("enc"))).isNotEqualTo(enc);
        assertThat(plaintext(sops(env()).decrypt(file, false))).isEqualTo(YAML);
    }

    @Test
    void aVaultEngineMayBeANestedPath() throws Exception {
        Recipient.Cloud nested = KeySpecs.vault(vault.url() + "/v1/team/transit/keys/other").get(0);
        assertThat(nested.fields()).containsEntry("engine_path", "team/transit").containsEntry("key_name", "other");
        Path file = encrypt(sops(env()), plan(group(List.of(), nested)));
        assertThat(plaintext(sops(env()).decrypt(file, false))).isEqualTo(YAML);
    }

    @Test
    void aKmsKeyThatFailsIsANoteWhenAnotherKeyOpensTheFile() throws Exception {
        AgeTestKeys age = AgeTestKeys.generate();
        Path identity = age.writeIdentity(dir);
        Path file = encrypt(sops(env()), plan(group(List.of(age.recipient()), key("kms"), key("hc_vault"))));
        Map<String, String> denied = env();
        denied.put("AWS_ACCESS_KEY_ID", LocalKeyServices.AwsKms.DENIED_ACCESS_KEY);

        // age is tried first, as sops does: the KMS key is not even asked
        aws.requests.clear();
        Map<String, String> withAge = new HashMap<>(denied);
        withAge.put("SOPS_AGE_KEY_FILE", identity.toString());
        DecryptedFile byAge = sops(withAge).decrypt(file, false);
        assertThat(plaintext(byAge)).isEqualTo(YAML);
        assertThat(byAge.notes()).isEmpty();
        assertThat(aws.requests).isEmpty();

        // without the age key, KMS is denied and Vault opens it: the denial is a note
        DecryptedFile byVault = sops(denied).decrypt(file, false);
        assertThat(plaintext(byVault)).isEqualTo(YAML);
        assertThat(byVault.warnings()).isEmpty();
        assertThat(byVault.notes()).singleElement().asString()
                .contains("aws kms " + ARN, "access denied", "user/ci-denied", "access key " + LocalKeyServices.AwsKms.DENIED_ACCESS_KEY,
                        "another key opened the file")
                .doesNotContain(LocalKeyServices.AwsKms.SECRET);
    }

    @Test
    void wrongCredentialsAreNamedWithWhatEachServiceAnswered() throws Exception {
        Path file = encrypt(sops(env()), plan(group(List.of(), key("kms"), key("gcp_kms"), key("azure_kv"), key("hc_vault"))));

        Map<String, String> unknown = env();
        unknown.put("AWS_ACCESS_KEY_ID", "AKIDUNKNOWN");
        unknown.put("GOOGLE_OAUTH_ACCESS_TOKEN", "expired");
        unknown.put("VAULT_TOKEN", "wrong");
        assertThatThrownBy(() -> sops(unknown, azureToken("wrong"), List.of()).decrypt(file, false))
                .isInstanceOf(DigitctlException.class)
                .hasMessageContaining("no available key opens it")
                .hasMessageContaining("aws kms " + ARN + " (kms:Decrypt at " + aws.url() + ", as access key AKIDUNKNOWN")
                .hasMessageContaining("the credentials were rejected; KMS answered UnrecognizedClientException: The security token included in the request is invalid")
                .hasMessageContaining("gcp kms " + GCP).hasMessageContaining("UNAUTHENTICATED")
                .hasMessageContaining("azure key vault " + azure.url() + "/keys/sops-key/").hasMessageContaining("AKV10000")
                .hasMessageContaining("vault " + vault.url() + "/v1/transit/keys/sops").hasMessageContaining("permission denied")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(LocalKeyServices.AwsKms.SECRET));

        Map<String, String> denied = env();
        denied.put("AWS_ACCESS_KEY_ID", LocalKeyServices.AwsKms.DENIED_ACCESS_KEY);
        denied.put("GOOGLE_OAUTH_ACCESS_TOKEN", LocalKeyServices.GcpKms.DENIED_TOKEN);
        denied.put("VAULT_TOKEN", LocalKeyServices.Vault.DENIED_TOKEN);
        assertThatThrownBy(() -> sops(denied, azureToken(LocalKeyServices.AzureKeyVault.DENIED_TOKEN), List.of()).decrypt(file, false))
                .hasMessageContaining("access denied; KMS answered AccessDeniedException: User: arn:aws:iam::111122223333:user/ci-denied is not authorized to perform: kms:Decrypt on resource: " + ARN)
                .hasMessageContaining("access denied; Cloud KMS answered PERMISSION_DENIED")
                .hasMessageContaining("cloudkms.cryptoKeyVersions.useToDecrypt")
                .hasMessageContaining("access denied; Key Vault answered")
                .hasMessageContaining("does not have keys unwrapKey permission")
                .hasMessageContaining("access denied (token from VAULT_TOKEN); Vault answered 403: permission denied");
    }

    @Test
    void theStanzasRoleIsAssumedFirstAndItsProfileIsRead() throws Exception {
        String role = "arn:aws:iam::218381940040:role/sops";
        Map<String, String> base = env();
        base.put("AWS_ACCESS_KEY_ID", LocalKeyServices.AwsKms.BASE_ACCESS_KEY);
        base.put("AWS_ENDPOINT_URL_STS", aws.url());
        Path file = encrypt(sops(base), plan(group(List.of(), KeySpecs.aws(ARN + "+" + role, Map.of(), "").get(0))));
        assertThat(stanza(file, "kms")).containsEntry("role", role);
        assertThat(aws.assumedRoles).singleElement().asString().startsWith(role + " sops@");
        assertThat(plaintext(sops(base).decrypt(file, false))).isEqualTo(YAML);

        // the base credentials alone are not accepted by KMS: the role is what opens it
        Path direct = dir.resolve("direct.yaml");
        Files.writeString(direct, Files.readString(file).replaceAll("\\n\\s*role: .*", ""));
        assertThatThrownBy(() -> sops(base).decrypt(direct, false)).hasMessageContaining("UnrecognizedClientException");

        Map<String, String> other = new HashMap<>(base);
        other.put("AWS_ACCESS_KEY_ID", "AKIDSOMEONEELSE");
        assertThatThrownBy(() -> sops(other).decrypt(file, false))
                .hasMessageContaining("aws kms " + ARN + ": assuming role " + role + " failed: STS answered AccessDenied: User: arn:aws:iam::111122223333:user/other");

        // aws_profile: the profile's keys from the shared credentials file, with no key in the environment
        write(dir, ".aws/credentials", "[ops]\naws_access_key_id = " + LocalKeyServices.AwsKms.GOOD_ACCESS_KEY + "\naws_secret_access_key = x\n");
        Path profiled = encrypt(sops(env()), plan(group(List.of(), KeySpecs.aws(ARN, Map.of(), "ops").get(0))));
        assertThat(stanza(profiled, "kms")).containsEntry("aws_profile", "ops");
        assertThat(plaintext(sops(env("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")).decrypt(profiled, false))).isEqualTo(YAML);
    }

    @Test
    void anEncryptionContextMismatchIsRefusedNamingTheContext() throws Exception {
        Recipient.Cloud withContext = KeySpecs.aws(ARN, Map.of("app", "digit"), null).get(0);
        Path file = encrypt(sops(env()), plan(group(List.of(), KeySpecs.aws(ARN + "", KeySpecs.context("env:dev,app:digit"), "").get(0))));
        assertThat(withContext.fields()).containsKey("context");
        assertThat(stanza(file, "kms").get("context")).isEqualTo(Map.of("app", "digit", "env", "dev"));
        assertThat(plaintext(sops(env()).decrypt(file, false))).isEqualTo(YAML);
        assertThat(aws.contexts).allMatch(c -> c.equals(Map.of("app", "digit", "env", "dev")));

        Files.writeString(file, Files.readString(file).replace("env: dev", "env: prod"));
        assertThatThrownBy(() -> sops(env()).decrypt(file, false))
                .hasMessageContaining("aws kms " + ARN)
                .hasMessageContaining("the data key does not open with this key and encryption context {app=digit, env=prod}")
                .hasMessageContaining("InvalidCiphertextException");
    }

    @Test
    void noCredentialsNamesTheChainTriedAndAMissingKeyOrEndpointIsSaid() throws Exception {
        Path file = encrypt(sops(env()), plan(group(List.of(), key("kms"), key("gcp_kms"), key("hc_vault"))));

        assertThatThrownBy(() -> sops(env("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "GOOGLE_OAUTH_ACCESS_TOKEN", "VAULT_TOKEN")).decrypt(file, false))
                .hasMessageContaining("aws kms " + ARN + ": no AWS credentials found; tried environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                .hasMessageContaining("profile 'default' (AWS_PROFILE) in " + dir.resolve(".aws/credentials"))
                .hasMessageContaining("gcp kms " + GCP + ": no Google credentials found; tried Application Default Credentials: GOOGLE_OAUTH_ACCESS_TOKEN")
                .hasMessageContaining("vault " + vault.url() + "/v1/transit/keys/sops: no Vault token; tried VAULT_TOKEN and " + dir.resolve(".vault-token"));

        aws.keys.clear();
        assertThatThrownBy(() -> sops(env("GOOGLE_OAUTH_ACCESS_TOKEN", "VAULT_TOKEN")).decrypt(file, false))
                .hasMessageContaining("key not found; KMS answered NotFoundException: Key '" + ARN + "' does not exist");

        int port = aws.port();
        aws.close();
        assertThatThrownBy(() -> sops(env("GOOGLE_OAUTH_ACCESS_TOKEN", "VAULT_TOKEN")).decrypt(file, false))
                .hasMessageContaining("aws kms " + ARN + ": cannot reach http://127.0.0.1:" + port + ": ConnectException");
    }

    @Test
    void creationRulesWithKeyGroupsAndAShamirThreshold() throws Exception {
        AgeTestKeys age = AgeTestKeys.generate();
        write(dir, ".sops.yaml", """
                creation_rules:
                  - path_regex: secrets\\.yaml$
                    shamir_threshold: 2
                    key_groups:
                      - kms:
                          - arn: %s
                            context:
                              env: prod
                            aws_profile: ""
                      - age:
                          - %s
                      - hc_vault:
                          - %s/v1/transit/keys/sops
                        gcp_kms:
                          - resource_id: %s
                """.formatted(ARN, age.recipient(), vault.url(), GCP));
        Path file = dir.resolve("secrets.yaml");
        EncryptionPlan plan = CreationRules.forFile(file).orElseThrow();
        assertThat(plan.groups()).hasSize(3);
        assertThat(plan.shamirThreshold()).isEqualTo(2);
        encrypt(sops(env()), plan);

        String text = Files.readString(file);
        assertThat(text).contains("key_groups:", "shamir_threshold: 2").doesNotContain("s3cr3t");
        Map<String, Object> metadata = Sops.read(file, Files.readAllBytes(file)).metadata();
        assertThat(metadata).doesNotContainKeys("kms", "age", "hc_vault");
        List<?> groups = (List<?>) metadata.get("key_groups");
        assertThat(groups).hasSize(3);
        assertThat(((Map<?, ?>) groups.get(0)).keySet().stream().map(String::valueOf).toList()).containsExactly("kms");
        assertThat(((Map<?, ?>) groups.get(2)).keySet().stream().map(String::valueOf).toList()).containsExactlyInAnyOrder("gcp_kms", "hc_vault");

        // without AWS credentials, the age group and the Vault group are two of three shares
        Map<String, String> env = env("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        env.put("SOPS_AGE_KEY_FILE", age.writeIdentity(dir).toString());
        DecryptedFile opened = sops(env).decrypt(file, false);
        assertThat(plaintext(opened)).isEqualTo(YAML);
        assertThat(opened.notes()).singleElement().asString().contains("aws kms " + ARN, "no AWS credentials found");

        // one share is not enough
        assertThatThrownBy(() -> sops(env("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "VAULT_TOKEN", "GOOGLE_OAUTH_ACCESS_TOKEN")).decrypt(file, false))
                .hasMessageContaining("(0 of the 2 key groups needed were opened)");
        Map<String, String> onlyAge = env("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "VAULT_TOKEN", "GOOGLE_OAUTH_ACCESS_TOKEN");
        onlyAge.put("SOPS_AGE_KEY_FILE", env.get("SOPS_AGE_KEY_FILE"));
        assertThatThrownBy(() -> sops(onlyAge).decrypt(file, false)).hasMessageContaining("(1 of the 2 key groups needed were opened)");

        // rotating keeps the groups and the threshold
        Files.write(file, sops(env()).rotate(sops(env()).decrypt(file, false)));
        assertThat(Files.readString(file)).contains("key_groups:", "shamir_threshold: 2");
        assertThat(plaintext(sops(env).decrypt(file, false))).isEqualTo(YAML);
    }

    @Test
    void creationRulesWithCloudKeysAtTheTopLevel() throws Exception {
        write(dir, ".sops.yaml", """
                creation_rules:
                  - path_regex: secrets\\.yaml$
                    kms: '%s+arn:aws:iam::218381940040:role/sops'
                    aws_profile: ops
                    gcp_kms: %s
                    azure_keyvault: %s/keys/sops-key/%s
                    hc_vault_transit_uri: %s/v1/transit/keys/sops
                    encrypted_regex: ^password$
                """.formatted(ARN, GCP, azure.url(), LocalKeyServices.AzureKeyVault.VERSION, vault.url()));
        EncryptionPlan plan = CreationRules.forFile(dir.resolve("secrets.yaml")).orElseThrow();
        assertThat(plan.groups()).hasSize(1);
        assertThat(plan.cloudKeys()).extracting(Recipient.Cloud::type).containsExactly("kms", "gcp_kms", "azure_kv", "hc_vault");
        assertThat(plan.cloudKeys().get(0).fields()).containsEntry("role", "arn:aws:iam::218381940040:role/sops").containsEntry("aws_profile", "ops");

        write(dir, ".sops.yaml", "creation_rules:\n  - kms: not-an-arn\n");
        assertThatThrownBy(() -> CreationRules.forFile(dir.resolve("secrets.yaml")))
                .hasMessageContaining(".sops.yaml:2: ").hasMessageContaining("'not-an-arn' is not a KMS key ARN");
        write(dir, ".sops.yaml", "creation_rules:\n  - shamir_threshold: 3\n    key_groups:\n      - age: [age1x]\n      - pgp: [ABCD]\n");
        assertThatThrownBy(() -> CreationRules.forFile(dir.resolve("secrets.yaml")))
                .hasMessageContaining("shamir_threshold 3 must be between 2 and the number of key groups (2)");
    }

    @Test
    void theRealEgovDemoSecretsWithItsKmsAndPgpRuleStillOpenThroughPgp() throws Exception {
        Path helm = TestTrees.digitDevops();
        Path pgpKey = TestTrees.sopsFixtures().resolve("keys/sops_functional_tests_key.asc");
        String realRule = Files.readString(helm.resolve("environments/.sops.yaml"));
        assertThat(realRule).contains("kms: '" + ARN + "'");
        // the real rule, with the PGP key whose secret key the tests have in place of eGov's
        write(dir, "environments/.sops.yaml", realRule.replace("B9FF61E01273EDF7DE298B52F4D6BD77E5C66196", "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"));
        Path file = dir.resolve("environments/egov-demo-secrets.yaml");
        byte[] plain = Files.readAllBytes(helm.resolve("environments/egov-demo-secrets.yaml"));
        Files.write(file, plain);
        EncryptionPlan plan = CreationRules.forFile(file).orElseThrow();
        assertThat(plan.cloudKeys()).extracting(Recipient.Cloud::describe).containsExactly("aws kms " + ARN);
        Files.write(file, sops(env(), null, List.of(pgpKey)).encrypt(file, Sops.read(file, plain).documents(), plan));
        assertThat(Files.readString(file)).contains("arn: " + ARN, "fp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4");

        Map<String, String> noAws = Map.of("AWS_EC2_METADATA_DISABLED", "true");
        DecryptedFile opened = sops(noAws, null, List.of(pgpKey)).decrypt(file, false);
        assertThat(opened.documents()).isEqualTo(Sops.read(file, plain).documents());
        assertThat(opened.notes()).isEmpty();

        assertThat(plaintext(sops(env()).decrypt(file, false))).isEqualTo(plaintext(opened));

        assertThatThrownBy(() -> sops(noAws, null, List.of()).decrypt(file, false))
                .hasMessageContaining("pgp FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4")
                .hasMessageContaining("aws kms " + ARN + ": no AWS credentials found");
    }

    @Test
    void theKmsStanzaOfTheDigitFixtureIsNamedWhenThereAreNoAwsCredentials() throws Exception {
        Path file = dir.resolve("egov-demo-secrets.yaml");
        try (var in = getClass().getResourceAsStream("/secrets/egov-demo-secrets.kms.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        assertThatThrownBy(() -> sops(Map.of("AWS_EC2_METADATA_DISABLED", "true"), null, List.of()).decrypt(file, false))
                .hasMessageContaining("  - aws kms " + ARN + "\n")
                .hasMessageContaining("  - aws kms " + ARN + ": no AWS credentials found; tried environment variables");
    }
}
