package io.digitctl.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Release conformance: DIGIT's digit-core-v2.9 against an environment where two services run other tags. */
class DigitReleaseConformanceTest extends DigitClusterTestBase {


    @Test
    @SuppressWarnings("unchecked")
    void twoServicesOnOtherTagsDifferFromTheRelease() throws Exception {
        CliRun deploy = digitctl("deploy", "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9", "--skip-missing", "-c",
                "--poll", "50ms", "--pod-problem-grace", "2s", "--timeout", "60s", "--parallel", "8");
        assertThat(deploy.exit()).as(deploy.err() + deploy.out()).isZero();

        // the release's backbone services that the tree has no chart for were skipped (--skip-missing): they are missing
        CliRun asDeployed = digitctl("compare", "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9");
        assertThat(asDeployed.exit()).as(asDeployed.err() + asDeployed.out()).isEqualTo(2);
        assertThat(asDeployed.out()).containsPattern("egov-user\\s+v1.2.8-9fde481-19\\s+v1.2.8-9fde481-19\\s+matches")
                .containsPattern("internal-gateway\\s+v0.0.1-44558a0-3\\s+v0.0.1-44558a0-3\\s+matches")
                .containsPattern("redis\\s+\\(not pinned\\)\\s+\\S+\\s+matches")
                .contains("egov-demo differs from DIGIT digit-core-v2.9 in 5 images.");
        assertThat(asDeployed.out().lines().filter(l -> l.endsWith(" differs"))).isEmpty();
        assertThat(asDeployed.out().lines().filter(l -> l.endsWith(" missing")).map(l -> l.split("\\s+")[0]))
                .containsExactlyInAnyOrder("zookeeper-v2", "kafka-v2", "elasticsearch-data-v1", "elasticsearch-master-v1", "kibana-v1");

        CliRun skipped = digitctl("compare", "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9", "--skip-missing");
        assertThat(skipped.exit()).as("as deployed with --skip-missing: " + skipped.out()).isZero();
        assertThat(skipped.out()).containsPattern("kibana-v1\\s+.*skipped \\(no chart\\)").contains("egov-demo runs DIGIT digit-core-v2.9 as pinned.");

        CliRun noDrift = digitctl("drift", "-e", "egov-demo");
        assertThat(noDrift.exit()).as("no false drift on the real release: " + noDrift.out()).isZero();

        CliRun others = digitctl("deploy", "-e", "egov-demo", "egovio/egov-user:v1.2.9-0000000-20,egovio/egov-idgen:v1.2.4-1111111-4",
                "--poll", "50ms", "--pod-problem-grace", "2s", "--timeout", "60s");
        assertThat(others.exit()).as(others.err() + others.out()).isZero();

        CliRun differs = digitctl("compare", "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9");
        assertThat(differs.exit()).as(differs.err() + differs.out()).isEqualTo(2);
        assertThat(differs.out()).containsPattern("egov-user\\s+v1.2.8-9fde481-19\\s+v1.2.9-0000000-20\\s+differs")
                .containsPattern("egov-idgen\\s+v1.2.3-44558a0-3\\s+v1.2.4-1111111-4\\s+differs")
                .contains("egov-demo differs from DIGIT digit-core-v2.9 in 7 images.");
        assertThat(differs.out().lines().filter(l -> l.endsWith(" differs")).map(l -> l.split("\\s+")[0]))
                .containsExactlyInAnyOrder("egov-user", "egov-idgen");

        CliRun json = digitctl("compare", "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9", "--output", "json");
        assertThat(json.exit()).isEqualTo(2);
        List<Map<String, Object>> images = (List<Map<String, Object>>) new ObjectMapper().readValue(json.out(), Map.class).get("images");
        assertThat(images.stream().filter(i -> "differs".equals(i.get("status"))).map(i -> i.get("service")))
                .containsExactlyInAnyOrder("egov-user", "egov-idgen");
        assertThat(images.stream().filter(i -> "matches".equals(i.get("status")))).hasSizeGreaterThan(30);
    }
}
