package io.digitctl.cli;

import io.digitctl.TestTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

class SecretsCommandTest {

    private static final Path EXAMPLES = TestTrees.examples();
    private static final String DEMO_KEY = EXAMPLES.resolveSibling("keys/dev-demo.agekey").toString();
    private static final String DEV_SECRETS = EXAMPLES.resolve("environments/dev-secrets.yaml").toString();

    @TempDir
    Path tmp;

    @Test
    void theExampleSecretsFileIsEncryptedAndOpensWithTheDemoKey() throws Exception {
        assertThat(Files.readString(Path.of(DEV_SECRETS))).doesNotContain("demo-db-password").contains("sops:", "age:");

        CliRun all = CliRun.of("secrets", "decrypt", DEV_SECRETS, "--age-key-file", DEMO_KEY);
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).contains("password: demo-db-password").doesNotContain("sops:");

        CliRun one = CliRun.of("secrets", "decrypt", DEV_SECRETS, "--age-key-file", DEMO_KEY,
                "--extract", "[\"cluster-configs\"][\"secrets\"][\"db\"][\"password\"]");
        assertThat(one.out()).isEqualTo("demo-db-password");
        CliRun branch = CliRun.of("secrets", "decrypt", DEV_SECRETS, "--age-key-file", DEMO_KEY,
                "--extract", "[\"cluster-configs\"][\"secrets\"][\"egov-notification-sms\"]");
        assertThat(branch.out()).isEqualTo("username: demo-sms-user\npassword: demo-sms-password\n");
        CliRun missing = CliRun.of("secrets", "decrypt", DEV_SECRETS, "--age-key-file", DEMO_KEY, "--extract", "[\"nope\"]");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Nothing at [\"nope\"]");
    }

    @Test
    void withoutTheKeyTheRecipientsAreNamedAndNothingLeaks() {
        CliRun run = CliRun.of("secrets", "decrypt", DEV_SECRETS);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: Cannot decrypt").contains("age age1").contains("--pgp-key")
                .doesNotContain("demo-db-password").doesNotContain("\tat ");
    }

    @Test
    void encryptInPlaceFollowsTheNearestSopsYamlThenRotateKeepsTheValues() throws Exception {
        Path helm = tmp.resolve("helm");
        TestTrees.copy(EXAMPLES, helm);
        Path file = write(helm, "environments/dev-other-secrets.yaml", "a:\n    token: s3cr3t\n");
        write(helm, "environments/.sops.yaml", Files.readString(EXAMPLES.resolve("environments/.sops.yaml"))
                .replace("dev-secrets", "dev-other-secrets"));

        CliRun encrypt = CliRun.of("secrets", "encrypt", file.toString(), "--in-place");
        assertThat(encrypt.exit()).as(encrypt.err()).isZero();
        String encrypted = Files.readString(file);
        assertThat(encrypted).doesNotContain("s3cr3t").contains("recipient: age1");

        CliRun again = CliRun.of("secrets", "encrypt", file.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already SOPS-encrypted");

        CliRun rotate = CliRun.of("secrets", "rotate", file.toString(), "--in-place", "--age-key-file", DEMO_KEY);
        assertThat(rotate.exit()).as(rotate.err()).isZero();
        assertThat(Files.readString(file)).isNotEqualTo(encrypted);
        assertThat(CliRun.of("secrets", "decrypt", file.toString(), "--age-key-file", DEMO_KEY).out()).isEqualTo("a:\n    token: s3cr3t\n");
    }

    @Test
    void aYamlErrorNamesTheFileAndLine() {
        Path file = write(tmp, "broken-secrets.yaml", "a:\n    b: 1\n  c: [\n");
        CliRun run = CliRun.of("secrets", "encrypt", file.toString(), "--age", "age1qqqq");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: " + file + ":3: ").contains("read as yaml");
    }

    @Test
    void encryptWithoutRecipientsSaysWhereToGetThem() {
        Path file = write(tmp, "plain.yaml", "a: b\n");
        CliRun run = CliRun.of("secrets", "encrypt", file.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("No recipients for").contains("--age, --pgp, --kms");
    }

    @Test
    void aKmsEncryptedDigitSecretsFileIsReadAndNamesItsRecipients() throws Exception {
        Path file = tmp.resolve("egov-demo-secrets.yaml");
        try (var in = getClass().getResourceAsStream("/secrets/egov-demo-secrets.kms.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        CliRun run = CliRun.of("secrets", "decrypt", file.toString(), "--age-key-file", DEMO_KEY);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("aws kms arn:aws:kms:ap-south-1:218381940040:key/9a3b0835-7713-4925-8b3d-da7e421d28d2")
                .contains("pgp B9FF61E01273EDF7DE298B52F4D6BD77E5C66196")
                .contains("aws kms arn:aws:kms:ap-south-1:218381940040:key/9a3b0835-7713-4925-8b3d-da7e421d28d2: no AWS credentials found")
                .doesNotContain("Exception");
    }

    @Test
    void deployDecryptsClusterConfigsSecretsInMemoryAndMasksThem() {
        CliRun masked = CliRun.of("deploy", "--helm-dir", EXAMPLES.toString(), "-e", "dev", "-c", "egov-user:v1", "--print",
                "--age-key-file", DEMO_KEY);
        assertThat(masked.exit()).as(masked.err()).isZero();
        String password = Base64.getEncoder().encodeToString("demo-db-password".getBytes());
        assertThat(masked.out()).contains("kind: Secret", "password: <masked>").doesNotContain(password, "demo-db-password");
        assertThat(masked.err()).doesNotContain("demo-db-password", password);

        CliRun shown = CliRun.of("deploy", "--helm-dir", EXAMPLES.toString(), "-e", "dev", "-c", "egov-user:v1", "--print",
                "--show-secrets", "--age-key-file", DEMO_KEY);
        assertThat(shown.out()).contains(password);

        CliRun noKey = CliRun.of("deploy", "--helm-dir", EXAMPLES.toString(), "-e", "dev", "-c", "egov-user:v1", "--print");
        assertThat(noKey.exit()).isEqualTo(1);
        assertThat(noKey.err()).contains("Cannot decrypt").contains("dev-secrets.yaml");
        assertThat(noKey.out()).isEmpty();
    }
}
