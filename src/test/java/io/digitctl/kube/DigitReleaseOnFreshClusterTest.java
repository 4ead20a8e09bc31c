package io.digitctl.kube;

import io.digitctl.TestTrees;
import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DIGIT's real release (digit-core-v2.9 of ../shared's DIGIT-DevOps tree) deployed with its
 * cluster-configs to a fresh cluster, which refuses what a real one refuses: hooks must run
 * (ingress-nginx's admission certificate), webhooks must be up before what they check, CRDs
 * established before their resources, namespaces made before anything goes in them.
 */
class DigitReleaseOnFreshClusterTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("<([a-z]+(?:_[a-z]+)*)>");

    @TempDir
    Path tmp;
    MockCluster cluster;
    Path helm;
    Path kubeconfig;

    @BeforeEach
    void freshClusterAndATreeWithValues() throws Exception {
        Path digit = TestTrees.digitDevops();
        cluster = new MockCluster().rolloutTime(20);
        kubeconfig = cluster.kubeconfig(tmp);
        helm = tmp.resolve("helm");
        TestTrees.copy(digit, helm);
        Path env = helm.resolve("environments/egov-demo.yaml");
        Files.writeString(env, filledPlaceholders(Files.readString(env)));
        Path secrets = helm.resolve("environments/egov-demo-secrets.yaml");
        Files.writeString(secrets, dummySecrets(Files.readString(secrets)));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** egov-demo.yaml is a template: its {@code <domain_name>}-like placeholders become values a real API server accepts. */
    static String filledPlaceholders(String env) {
        StringBuilder out = new StringBuilder();
        for (String line : env.split("\n", -1)) {
            Matcher m = PLACEHOLDER.matcher(line);
            out.append(line.contains("sub_filter") ? line : m.replaceAll(r -> r.group(1).replace('_', '-') + ".example.org")).append('\n');
        }
        return out.toString();
    }

    /**
     * The secrets file as plain YAML with dummy values: placeholders filled, and any SOPS-encrypted
     * value replaced (key names are clear in SOPS files, so this keeps exactly the keys the
     * environment has).
     */
    static String dummySecrets(String secrets) {
        int metadata = secrets.indexOf("\nsops:");
        String plain = metadata < 0 ? secrets : secrets.substring(0, metadata + 1);
        return filledPlaceholders(plain.replaceAll("ENC\\[AES256_GCM,[^\\]]*\\]", "dummy-value"));
    }

    private CliRun deploy(String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", "--helm-dir", helm.toString(), "--kubeconfig", kubeconfig.toString(),
                "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9", "--skip-missing", "-c",
                "--poll", "50ms", "--pod-problem-grace", "2s", "--timeout", "60s", "--parallel", "8"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void theRealReleaseDeploysAndRedeploysOnAFreshCluster() {
        CliRun first = deploy();

        assertThat(first.exit()).as(first.err() + first.out()).isZero();
        assertThat(first.out()).doesNotContain(" failed ").doesNotContain("not started").contains("Deployed:");
        assertThat(first.err()).doesNotContain("still refused");
        List<Map<String, Object>> admission = cluster.storedList("/api/v1/secrets").stream()
                .filter(s -> "ingress-nginx-admission".equals(KubeObjects.metadata(s).get("name"))).toList();
        assertThat(admission).as("the Secret that ingress-nginx's pre-install hook makes").hasSize(1);
        Map<String, Object> webhook = cluster.stored("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/ingress-nginx-admission");
        assertThat(KubeObjects.list(webhook, "webhooks")).allSatisfy(w -> assertThat(KubeObjects.at(w, "clientConfig", "caBundle")).isNotNull());
        assertThat(cluster.storedList("/apis/cert-manager.io/v1/clusterissuers")).hasSize(2)
                .allSatisfy(i -> assertThat(KubeObjects.metadata(i)).doesNotContainKey("namespace"));
        assertThat(cluster.storedList("/apis/networking.k8s.io/v1/ingresses")).hasSizeGreaterThan(20);
        String createJob = jobUid("ingress-nginx-admission-create");

        CliRun second = deploy();

        assertThat(second.exit()).as(second.err() + second.out()).isZero();
        assertThat(jobUid("ingress-nginx-admission-create")).as("before-hook-creation replaced the pre-upgrade Job").isNotEqualTo(createJob);
        assertThat(cluster.requestLog().stream().filter(r -> r.startsWith("DELETE") && r.contains("/jobs/ingress-nginx-admission-create"))
                .collect(Collectors.toList())).isNotEmpty();
    }

    private String jobUid(String name) {
        return cluster.storedList("/apis/batch/v1/jobs").stream().filter(j -> name.equals(KubeObjects.metadata(j).get("name")))
                .map(j -> String.valueOf(KubeObjects.metadata(j).get("uid"))).findFirst().orElse("(none)");
    }
}
