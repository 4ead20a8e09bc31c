package io.digitctl.secrets;

import io.digitctl.TestTrees;
import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.crypto.EncryptedValue;
import io.digitctl.secrets.crypto.EncryptionRules;
import io.digitctl.secrets.crypto.ValueCipher;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.SopsDocument;
import io.digitctl.secrets.keys.CloudKeyService;
import io.digitctl.secrets.keys.DataKeys;
import io.digitctl.secrets.keys.KeySettings;
import io.digitctl.secrets.store.PlainValues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SopsRoundTripTest {

    @TempDir
    Path dir;
    AgeTestKeys key;
    Path identityFile;

    static final String YAML = """
            # top comment
            db:
                username: egov
                password: "s3cr3t: with colon"
                # about the port
                port: 5432
                ratio: 0.75
                enabled: true
                nothing: null
                empty: ""
                octal: 0755
                yesString: yes
                oddChars: "x\\"y\\\\z<&>\\u0085 end"
                when: 2024-01-02T03:04:05Z
            certificate: |
                -----BEGIN CERTIFICATE-----
                MIIB
                -----END CERTIFICATE-----
            hosts:
                - a.example.org
                # second host
                - b.example.org
                - name: nested
                  token: t0k3n
            public_unencrypted:
                note: stays clear
            """;

    @BeforeEach
    void keys() {
        key = AgeTestKeys.generate();
        identityFile = key.writeIdentity(dir);
    }

    private Sops sops(List<Path> pgpKeys) {
        return new Sops(new DataKeys(new KeySettings(Map.of(), dir, List.of(identityFile), pgpKeys, () -> null), CloudKeyService.NONE));
    }

    private EncryptionPlan age() {
        return new EncryptionPlan(List.of(key.recipient()), List.of(), EncryptionRules.DEFAULT, false);
    }

    private static List<Branch> parse(Path file, String text) {
        return Sops.read(file, text.getBytes(StandardCharsets.UTF_8)).documents();
    }

    @Test
    void generatedKeysLookLikeAgeKeys() {
        assertThat(key.identity()).startsWith("AGE-SECRET-KEY-1");
        assertThat(key.recipient()).startsWith("age1").hasSize(62);
    }

    @Test
    void yamlWithEveryKindOfValueComesBackTheSame() throws Exception {
        Path file = dir.resolve("secrets.yaml");
        List<Branch> plain = parse(file, YAML);

        String encrypted = new String(sops(List.of()).encrypt(file, plain, age()), StandardCharsets.UTF_8);
        Files.writeString(file, encrypted);

        assertThat(encrypted).doesNotContain("s3cr3t", "egov", "5432", "t0k3n", "a.example.org", "top comment", "about the port",
                        "BEGIN CERTIFICATE")
                .contains("note: stays clear", "#ENC[AES256_GCM", "type:int]", "type:float]", "type:bool]", "type:time]",
                        "type:comment]", "nothing: null", "empty: \"\"", "recipient: " + key.recipient(), "version: " + Sops.FORMAT_VERSION,
                        "unencrypted_suffix: _unencrypted", "-----BEGIN AGE ENCRYPTED FILE-----");
        DecryptedFile back = sops(List.of()).decrypt(file, false);
        assertThat(back.documents()).isEqualTo(plain);
        assertThat(back.warnings()).isEmpty();
        Map<?, ?> db = (Map<?, ?>) ((Map<?, ?>) PlainValues.toPlain(back.documents().get(0))).get("db");
        assertThat(db.get("port")).isEqualTo(5432L);
        assertThat(db.get("octal")).isEqualTo(493L);
        assertThat(db.get("yesString")).isEqualTo("yes");
        assertThat(db.get("ratio")).isEqualTo(0.75);
        assertThat(db.get("oddChars")).isEqualTo("x\"y\\z<&>\u0085 end");
        assertThat(new String(back.plaintext(), StandardCharsets.UTF_8)).contains("oddChars: \"x\\\"y\\\\z<&>\\u0085 end\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "secrets.json | {\"a\": \"b\", \"n\": 3, \"f\": 1.5, \"list\": [1, \"two\", {\"x\": null}], \"obj\": {\"k_unencrypted\": \"clear\"}}",
            "secrets.ini  | [db]\\npassword = s3cr3t\\n; a comment\\nuser = egov\\n\\n[clear]\\nnote_unencrypted = hi\\n",
            "secrets.env  | #a comment\\nDB_PASSWORD=s3cr3t\\nMULTI=line1<NL>line2\\nEMPTY=\\n",
            "secret.bin   | any bytes\\u0000\\u00ff at all",
    })
    void otherFormatsComeBackTheSame(String name, String escaped) throws Exception {
        String text = escaped.replace("\\n", "\n").replace("<NL>", "\\n").replace("\\u0000", "\u0000").replace("\\u00ff", "\u00ff");
        Path file = dir.resolve(name.strip());
        Files.writeString(file, text);
        SopsDocument doc = Sops.read(file, Files.readAllBytes(file));

        byte[] encrypted = sops(List.of()).encrypt(file, doc.documents(), age());
        Files.write(file, encrypted);
        assertThat(new String(encrypted, StandardCharsets.UTF_8)).doesNotContain("s3cr3t", "any bytes");

        DecryptedFile back = sops(List.of()).decrypt(file, false);
        assertThat(back.documents()).isEqualTo(doc.documents());
        if (name.strip().endsWith(".bin")) {
            assertThat(back.plaintext()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void reEncryptingUnchangedContentKeepsCiphertextAndAValidMac() throws Exception {
        Path file = dir.resolve("secrets.yaml");
        Files.write(file, sops(List.of()).encrypt(file, parse(file, YAML), age()));
        String first = Files.readString(file);

        DecryptedFile opened = sops(List.of()).decrypt(file, false);
        Files.write(file, sops(List.of()).reencrypt(opened, opened.documents()));
        String second = Files.readString(file);
        assertThat(lines(second, "password:")).isEqualTo(lines(first, "password:"));
        assertThat(sops(List.of()).decrypt(file, false).documents()).isEqualTo(opened.documents());

        List<Branch> changed = parse(file, YAML.replace("username: egov", "username: admin"));
        Files.write(file, sops(List.of()).reencrypt(opened, changed));
        String third = Files.readString(file);
        assertThat(lines(third, "username:")).isNotEqualTo(lines(first, "username:"));
        assertThat(lines(third, "password:")).isEqualTo(lines(first, "password:"));
        assertThat(PlainValues.toPlain(sops(List.of()).decrypt(file, false).documents().get(0)).toString()).contains("username=admin");
    }

    private static String lines(String text, String key) {
        return text.lines().filter(l -> l.strip().startsWith(key)).findFirst().orElseThrow();
    }

    @Test
    void rotatingChangesTheDataKeyAndKeepsTheValues() throws Exception {
        Path file = dir.resolve("secrets.yaml");
        Files.write(file, sops(List.of()).encrypt(file, parse(file, YAML), age()));
        DecryptedFile before = sops(List.of()).decrypt(file, false);

        Files.write(file, sops(List.of()).rotate(before));
        DecryptedFile after = sops(List.of()).decrypt(file, false);

        assertThat(after.dataKey()).isNotEqualTo(before.dataKey());
        assertThat(after.documents()).isEqualTo(before.documents());
    }

    @Test
    void aCreationRuleChoosesRecipientsAndWhichValuesAreEncrypted() throws Exception {
        write(dir, ".sops.yaml", """
                creation_rules:
                  - path_regex: prod-.*\\.yaml$
                    pgp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4
                  - path_regex: environments/.*-secrets\\.yaml$
                    age: %s
                    encrypted_regex: ^(password|token)$
                """.formatted(key.recipient()));
        Path file = write(dir, "environments/dev-secrets.yaml", "db:\n    user: egov\n    password: s3cr3t\n");

        EncryptionPlan plan = CreationRules.forFile(file).orElseThrow();
        assertThat(plan.ageRecipients()).containsExactly(key.recipient());
        String encrypted = new String(sops(List.of()).encrypt(file, Sops.read(file, Files.readAllBytes(file)).documents(), plan));

        assertThat(encrypted).contains("user: egov").doesNotContain("s3cr3t").contains("encrypted_regex: ^(password|token)$");
        Files.writeString(file, encrypted);
        assertThat(sops(List.of()).decrypt(file, false).documents()).isEqualTo(Sops.read(file, "db:\n    user: egov\n    password: s3cr3t\n".getBytes()).documents());
    }

    @Test
    void aCreationRuleForCloudKmsNamesItsKeysAndHuaweiKmsIsRefused() {
        write(dir, ".sops.yaml", "creation_rules:\n  - kms: arn:aws:kms:ap-south-1:1:key/x\n    pgp: ABCD\n");
        Path file = write(dir, "a.yaml", "a: b\n");
        EncryptionPlan plan = CreationRules.forFile(file).orElseThrow();
        assertThat(plan.pgpFingerprints()).containsExactly("ABCD");
        assertThat(plan.cloudKeys()).extracting(Recipient::describe).containsExactly("aws kms arn:aws:kms:ap-south-1:1:key/x");

        write(dir, ".sops.yaml", "creation_rules:\n  - hckms: tr-west-1:0000\n");
        assertThatThrownBy(() -> CreationRules.forFile(file))
                .isInstanceOf(DigitctlException.class)
                .hasMessageContaining(".sops.yaml:2: hckms (Huawei Cloud KMS) keys are not supported by digitctl");
    }

    @Test
    void theAgeStanzaOpensWithTheRealAgeTool() throws Exception {
        assumeTrue(onPath("age"), "Skipped: the age tool is not installed (.ci/run installs Debian's age).");
        Path file = dir.resolve("secrets.yaml");
        Files.write(file, sops(List.of()).encrypt(file, parse(file, YAML), age()));
        String enc = (String) ((Map<?, ?>) ((List<?>) Sops.read(file, Files.readAllBytes(file)).metadata().get("age")).get(0)).get("enc");
        Path stanza = Files.writeString(dir.resolve("key.age"), enc);

        byte[] dataKey = run(List.of("age", "--decrypt", "-i", identityFile.toString(), stanza.toString()), Map.of());

        assertThat(dataKey).hasSize(32).isEqualTo(sops(List.of()).decrypt(file, false).dataKey());
        assertValueOpensWith(file, dataKey);
    }

    @Test
    void thePgpStanzaOpensWithGpg() throws Exception {
        assumeTrue(onPath("gpg"), "Skipped: gpg is not installed (.ci/run installs Debian's gnupg).");
        Path keys = TestTrees.sopsFixtures().resolve("keys/sops_functional_tests_key.asc");
        Path file = dir.resolve("secrets.yaml");
        EncryptionPlan plan = new EncryptionPlan(List.of(key.recipient()), List.of("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"),
                EncryptionRules.DEFAULT, false);
        Files.write(file, sops(List.of(keys)).encrypt(file, parse(file, YAML), plan));
        String enc = (String) ((Map<?, ?>) ((List<?>) Sops.read(file, Files.readAllBytes(file)).metadata().get("pgp")).get(0)).get("enc");
        Path message = Files.writeString(dir.resolve("key.asc"), enc);
        Path home = Files.createDirectory(dir.resolve("gnupg"));
        Map<String, String> env = Map.of("GNUPGHOME", home.toString());
        run(List.of("gpg", "--batch", "--import", keys.toString()), env);

        byte[] dataKey = run(List.of("gpg", "--batch", "--quiet", "--decrypt", message.toString()), env);

        assertThat(dataKey).hasSize(32);
        assertValueOpensWith(file, dataKey);
        Sops pgpOnly = new Sops(new DataKeys(new KeySettings(Map.of(), dir, List.of(), List.of(keys), () -> null), CloudKeyService.NONE));
        assertThat(pgpOnly.decrypt(file, false).dataKey()).isEqualTo(dataKey);
    }

    private static void assertValueOpensWith(Path file, byte[] dataKey) throws Exception {
        String line = Files.readAllLines(file).stream().filter(l -> l.strip().startsWith("username:")).findFirst().orElseThrow();
        EncryptedValue value = EncryptedValue.parse(line.substring(line.indexOf("ENC[")));
        assertThat(new String(new ValueCipher(dataKey).decrypt(value, "db:username:"), StandardCharsets.UTF_8)).isEqualTo("egov");
    }

    private static boolean onPath(String tool) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, tool))) {
                return true;
            }
        }
        return false;
    }

    private byte[] run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + Files.readString(dir.resolve("stderr.txt"))).isZero();
        return out;
    }
}
