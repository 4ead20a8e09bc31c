package io.digitctl.secrets;

import io.digitctl.TestTrees;
import io.digitctl.model.DigitctlException;
import io.digitctl.secrets.doc.Branch;
import io.digitctl.secrets.doc.Comment;
import io.digitctl.secrets.doc.KeyValue;
import io.digitctl.secrets.keys.CloudKeyService;
import io.digitctl.secrets.keys.DataKeys;
import io.digitctl.secrets.keys.KeySettings;
import io.digitctl.secrets.store.PlainValues;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every file of ../shared/fixtures/sops, written by the real sops, with the values its README states. */
class SopsFixturesTest {

    Path fixtures;
    @TempDir
    Path home;

    @BeforeEach
    void locate() {
        fixtures = TestTrees.sopsFixtures();
    }

    private Sops sops(boolean age, boolean pgp) {
        Map<String, String> env = age ? Map.of("SOPS_AGE_KEY_FILE", fixtures.resolve("keys/age_keys.txt").toString()) : Map.of();
        List<Path> pgpKeys = pgp ? List.of(fixtures.resolve("keys/sops_functional_tests_key.asc")) : List.of();
        return new Sops(new DataKeys(new KeySettings(env, home, pgpKeys, () -> null), CloudKeyService.NONE));
    }

    private DecryptedFile open(String relative) {
        return sops(true, true).decrypt(fixtures.resolve(relative), false);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(DecryptedFile file) {
        return (Map<String, Object>) PlainValues.toPlain(file.documents().get(0));
    }

    @Test
    void exampleYamlWithEveryValueTypeAndEncryptedComments() {
        DecryptedFile file = open("main/example.yaml");
        Map<String, Object> v = plain(file);

        assertThat(v.get("myapp1")).isEqualTo("t00m4nys3cr3tzupdated");
        assertThat(v.get("app2")).isEqualTo(Map.of("db", Map.of("user", "eve", "password", "c4r1b0u"),
                "key", ((Map<?, ?>) v.get("app2")).get("key")));
        String key = (String) ((Map<?, ?>) v.get("app2")).get("key");
        assertThat(key).startsWith("-----BEGIN RSA PRIVATE KEY-----").endsWith("\n");
        assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSize(497);
        assertThat(v.get("number")).isEqualTo(1234568000.0);
        assertThat(v.get("an_array")).isEqualTo(List.of("secretuser1", "secretuser2", "somelongvalue" + "A".repeat(45), "some other value"));
        assertThat(v.get("somebooleans")).isEqualTo(List.of(true, false));
        assertThat(v.get("this")).isEqualTo(Map.of("is", Map.of("a", Map.of("nested", Map.of("value", "with something secret in it")))));
        assertThat((List<?>) v.get("somelist_unencrypted")).hasSize(3);
        assertThat(file.warnings()).isEmpty();

        Branch app2 = (Branch) file.documents().get(0).get("app2").orElseThrow();
        Branch db = (Branch) app2.get("db").orElseThrow();
        assertThat(db.items()).contains(new Comment(" private key for secret operations in app2"));
        Branch nested = (Branch) ((Branch) ((Branch) ((Branch) file.documents().get(0).get("this").orElseThrow())
                .get("is").orElseThrow()).get("a").orElseThrow()).get("nested").orElseThrow();
        assertThat(nested.items()).contains(new Comment(" sops supports unencrypted fields"),
                new Comment(" by adding the `_unencrypted` suffix"), new Comment(" to any key"));
    }

    @Test
    void jsonFilesOfBothKeyKindsHoldTheSameValues() {
        for (String relative : List.of("main/example.json", "pr1031-age/example.json")) {
            Map<String, Object> v = plain(open(relative));
            assertThat(v).containsEntry("firstName", "John").containsEntry("lastName", "Smith")
                    .containsEntry("age", 25.4).containsEntry("anEmptyValue", "");
            assertThat(v.get("address")).isEqualTo(Map.of("city", "New York", "postalCode", "10021-3100",
                    "state", "NY", "streetAddress", "21 2nd Street"));
            assertThat(v.get("phoneNumbers")).isEqualTo(List.of(Map.of("type", "home", "number", "212 555-1234"),
                    Map.of("type", "office", "number", "646 555-4567")));
        }
    }

    @Test
    void iniFilesOfBothKeyKinds() {
        for (String relative : List.of("main/example.ini", "pr1031-age/example.ini")) {
            DecryptedFile file = open(relative);
            Map<String, Object> v = plain(file);
            assertThat(v.get("name")).isEqualTo(Map.of("firstName", "John", "lastName", "Smith", "age", "25.4"));
            assertThat(v.get("phoneNumbers")).isEqualTo(Map.of("home", "212 555-1234", "office", "646 555-4567"));
            assertThat(v.get("not private")).isEqualTo(Map.of("notsecret_unencrypted", "hi there!"));
            Branch name = (Branch) file.documents().get(0).get("name").orElseThrow();
            assertThat(name.items().get(0)).isEqualTo(new Comment("An example file for use with sops!"));
        }
    }

    @Test
    void theBinaryEnvelopeGivesBackTheExactBytes() {
        DecryptedFile file = open("main/example.txt");
        byte[] bytes = file.plaintext();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(bytes).hasSize(155);
        assertThat(text).startsWith("Welcome to SOPS!").endsWith("https://github.com/mozilla/sops\n\n");
    }

    @Test
    void formatFilesDecryptToExactlyWhatSopsPrints() {
        assertThat(new String(open("main/functional-tests/res/format.enc.yaml").plaintext(), StandardCharsets.UTF_8)).isEqualTo("foo: bar\n");
        assertThat(new String(open("main/functional-tests/res/format.enc.json").plaintext(), StandardCharsets.UTF_8)).isEqualTo("{\n\t\"foo\": \"bar\"\n}\n");
        assertThat(new String(open("main/functional-tests/res/format.enc.ini").plaintext(), StandardCharsets.UTF_8)).isEqualTo("[foo]\nbar = baz\n\n");
    }

    @Test
    void olderFilesAndSeveralKeys() {
        assertThat(plain(open("main/examples/all_in_one/config/secret.enc.json"))).containsEntry("github_oauth_token", "t00m4nys3cr3tz");
        assertThat(plain(open("main/functional-tests/res/multiple_keys.yaml"))).containsEntry("message", "hello");
        DecryptedFile comments = open("main/functional-tests/res/comments.enc.yaml");
        assertThat(comments.documents().get(0).items()).containsExactly(new Comment(" first comment in file"),
                new KeyValue("lorem", "ipsum"), new Comment(" this-is-a-comment"), new KeyValue("dolor", "sit"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void eachPgpKeyAloneOpensFilesEncryptedForBoth(boolean onlyAge) {
        Sops pgpOnly = sops(false, true);
        assertThat(plain(pgpOnly.decrypt(fixtures.resolve("main/example.yaml"), false))).containsEntry("myapp1", "t00m4nys3cr3tzupdated");
        Sops ageOnly = sops(true, false);
        assertThat(plain(ageOnly.decrypt(fixtures.resolve("pr1031-age/example.json"), false))).containsEntry("firstName", "John");
    }

    @Test
    void aFileWithoutMacIsRefusedUnlessAskedToIgnoreIt() {
        Path noMac = fixtures.resolve("main/functional-tests/res/no_mac.yaml");
        assertThatThrownBy(() -> sops(false, true).decrypt(noMac, false))
                .isInstanceOf(DigitctlException.class)
                .hasMessageContaining("is refused: it has no MAC").hasMessageContaining("--ignore-mac");
        DecryptedFile file = sops(false, true).decrypt(noMac, true);
        assertThat(plain(file)).containsEntry("myapp1", "t00m4nys3cr3tzupdated");
        assertThat(file.warnings()).singleElement().asString().startsWith("MAC NOT VERIFIED");
    }

    @Test
    void aChangedCiphertextByteIsRefusedNamingTheValuePath() throws Exception {
        String text = Files.readString(fixtures.resolve("main/example.yaml"));
        String marker = "password: ENC[AES256_GCM,data:";
        int at = text.indexOf(marker) + marker.length();
        char flipped = text.charAt(at) == 'A' ? 'B' : 'A';
        Path tampered = Files.writeString(home.resolve("tampered.yaml"), text.substring(0, at) + flipped + text.substring(at + 1));

        assertThatThrownBy(() -> sops(false, true).decrypt(tampered, false))
                .hasMessageContaining(tampered.toString())
                .hasMessageContaining("the value at 'app2:db:password:' does not authenticate");
    }

    @Test
    void aWrongKeyListsTheRecipientsAndWhereKeysWereSought() {
        assertThatThrownBy(() -> sops(true, false).decrypt(fixtures.resolve("main/example.yaml"), false))
                .hasMessageContaining("no available key opens it")
                .hasMessageContaining("pgp FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4")
                .hasMessageContaining("pgp D7229043384BCC60326C6FB9D8720D957C3D3074")
                .hasMessageContaining("SOPS_AGE_KEY_FILE")
                .hasMessageContaining("--pgp-key");
        assertThatThrownBy(() -> sops(false, true).decrypt(fixtures.resolve("pr1031-age/example.json"), false))
                .hasMessageContaining("age age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw")
                .hasMessageContaining("age age1tmaae3ld5vpevmsh5yacsauzx8jetg300mpvc4ugp5zr5l6ssq9sla97ep");
    }

    @Test
    void theAgeArmorCheckOpensWithTheMockIdentity() throws Exception {
        Map<String, String> env = Map.of("SOPS_AGE_KEY", Files.readString(fixtures.resolve("keys/age_mock_identity.txt")));
        io.digitctl.secrets.keys.AgeKeys keys = io.digitctl.secrets.keys.AgeKeys.load(new KeySettings(env, home, List.of(), () -> null));
        assertThat(keys.unwrap(Files.readString(fixtures.resolve("keys/age_mock_encrypted_key.age")))).isEqualTo("data".getBytes());
    }
}
