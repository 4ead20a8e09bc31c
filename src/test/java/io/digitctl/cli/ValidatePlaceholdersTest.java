package io.digitctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.TestTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

class ValidatePlaceholdersTest {

    @TempDir
    Path tmp;

    @Test
    void anUnfilledPlaceholderIsAnErrorWithItsLineAndTheCommentBesideIt() throws Exception {
        Path helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        write(helm, "environments/staging.yaml", """
                # copied from DIGIT's template; <none> in a comment is fine
                global:
                  domain: <domain_name> # Replace with your domain
                  namespace: egov
                egov-user:
                  env:
                    DB_URL: "jdbc:postgresql://<db_host>:5432/egov"
                """);

        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "staging");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR   " + helm.resolve("environments/staging.yaml")
                        + ":3: 'global.domain' still holds the placeholder <domain_name>: fill it in before deploying (# Replace with your domain).")
                .contains(":7: 'egov-user.env.DB_URL' still holds the placeholder <db_host>: fill it in before deploying.")
                .doesNotContain("<none>");

        JsonNode json = new ObjectMapper().readTree(CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "staging", "-o", "json").out());
        assertThat(json.get("errors").asInt()).isEqualTo(2);
        assertThat(json.get("findings")).allSatisfy(f -> {
            assertThat(f.get("code").asText()).isEqualTo("placeholder");
            assertThat(f.get("severity").asText()).isEqualTo("error");
        });
    }

    @Test
    void theExampleEnvironmentsHaveNone() {
        CliRun run = CliRun.of("validate", "--helm-dir", TestTrees.examples().toString());

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).doesNotContain("placeholder");
    }
}
