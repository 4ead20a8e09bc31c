package io.digitctl.conformance;

import io.digitctl.TestTrees;
import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** DIGIT's egov-demo.yaml is a template: validate names each value still to fill in. */
class PlaceholdersConformanceTest {

    @Test
    void validateFindsEgovDemosPlaceholdersWithTheirLinesAndComments() {
        Path helm = TestTrees.digitDevops();
        Path env = helm.resolve("environments/egov-demo.yaml");

        CliRun run = CliRun.of("validate", "--helm-dir", helm.toString(), "-e", "egov-demo");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("ERROR   " + env + ":2: 'global.domain' still holds the placeholder <domain_name>: fill it in before deploying"
                        + " (# Add your Domain Name \"Eg: site.mydomain.com\" Do not use the dummy domain).")
                .contains(env + ":18: 'cluster-configs.configmaps.egov-config.data.db-url' still holds the placeholders <db_host>, <dbname>")
                .contains(env + ":617: 'kafka-v2.persistence.aws[0].zone' still holds the placeholder <zone>")
                // the nginx sub_filter with <head> and </script> is markup, not a placeholder
                .doesNotContain("<head>")
                // the plain secrets file too, but without its comments, which may hold secrets
                .contains(helm.resolve("environments/egov-demo-secrets.yaml") + ":6: 'cluster-configs.secrets.db.password' still holds the placeholder <db_pwd>")
                .doesNotContain("hooks.slack.com");
    }
}
