package io.digitctl.kube;

import io.digitctl.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DIGIT's real release (digit-core-v2.9 of ../shared's DIGIT-DevOps tree) deployed with its
 * cluster-configs to a fresh cluster, which refuses what a real one refuses: hooks must run
 * (ingress-nginx's admission certificate), webhooks must be up before what they check, CRDs
 * established before their resources, namespaces made before anything goes in them.
 */
class DigitReleaseOnFreshClusterTest extends DigitClusterTestBase {

    private CliRun deploy(String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", "--helm-dir", helm.toString(), "--kubeconfig", kubeconfig.toString(),
                "-e", "egov-demo", "-s", "DIGIT", "-v", "digit-core-v2.9", "--skip-missing", "-c",
                "--poll", "50ms", "--pod-problem-grace", "2s", "--timeout", "60s", "--parallel", "8"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun diff() {
        return CliRun.of("diff", "--helm-dir", helm.toString(), "--kubeconfig", kubeconfig.toString(), "-e", "egov-demo", "-s", "DIGIT",
                "-v", "digit-core-v2.9", "--skip-missing", "-c");
    }

    private Map<String, Long> generations() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Map<String, Object> d : cluster.storedList("/apis/apps/v1/deployments")) {
            out.put(KubeObjects.metadata(d).get("namespace") + "/" + KubeObjects.metadata(d).get("name"), KubeObjects.number(d, "metadata", "generation"));
        }
        return out;
    }

    /** The services that a --verbose deploy rendered, rather than taking their last deploy's objects. */
    private static List<String> rendered(CliRun run) {
        return run.err().lines().filter(l -> l.startsWith("  rendered ")).map(l -> l.substring("  rendered ".length(), l.indexOf(':')))
                .sorted().toList();
    }

    private static long rows(CliRun run, String result) {
        return run.out().lines().filter(l -> l.matches("\\S+\\s+\\S.*\\s" + result + "\\s+[0-9.]+s\\s.*")).count();
    }

    @Test
    void theRealReleaseDeploysOnAFreshClusterAndRedeploysOnlyWhatChanged() throws Exception {
        CliRun first = deploy();

        assertThat(first.exit()).as(first.err() + first.out()).isZero();
        assertThat(rows(first, "deployed")).isEqualTo(44);
        assertThat(first.err()).doesNotContain("still refused");
        List<Map<String, Object>> admission = cluster.storedList("/api/v1/secrets").stream()
                .filter(s -> "ingress-nginx-admission".equals(KubeObjects.metadata(s).get("name"))).toList();
        assertThat(admission).as("the Secret that ingress-nginx's pre-install hook makes").hasSize(1);
        Map<String, Object> webhook = cluster.stored("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/ingress-nginx-admission");
        assertThat(KubeObjects.list(webhook, "webhooks")).isNotEmpty()
                .allSatisfy(w -> assertThat(KubeObjects.at(w, "clientConfig", "caBundle")).as("set by the post-install patch hook").isNotNull());
        assertThat(cluster.storedList("/apis/cert-manager.io/v1/clusterissuers")).hasSize(2)
                .allSatisfy(i -> assertThat(KubeObjects.metadata(i)).doesNotContainKey("namespace"));
        assertThat(cluster.storedList("/apis/networking.k8s.io/v1/ingresses")).hasSizeGreaterThan(20);

        CliRun diff = diff();
        assertThat(diff.exit()).as(diff.err() + diff.out()).isZero();

        Map<String, Long> before = generations();
        CliRun same = deploy("--verbose");
        assertThat(same.exit()).as(same.err() + same.out()).isZero();
        assertThat(rows(same, "unchanged")).as(same.out()).isEqualTo(44);
        assertThat(rendered(same)).as("cluster-configs takes the secrets file; the others' records stand in for their render")
                .containsExactly("cluster-configs");
        assertThat(generations()).isEqualTo(before);

        int mark = cluster.requestLog().size();
        CliRun forced = deploy("--force");
        assertThat(forced.exit()).as(forced.err() + forced.out()).isZero();
        List<String> after = cluster.requestLog().subList(mark, cluster.requestLog().size());
        assertThat(after).as("the pre-upgrade and post-upgrade hooks run again")
                .anyMatch(r -> r.startsWith("PATCH") && r.contains("/jobs/ingress-nginx-admission-create") && !r.contains("dryRun"))
                .anyMatch(r -> r.startsWith("PATCH") && r.contains("/jobs/ingress-nginx-admission-patch") && !r.contains("dryRun"));
        assertThat(generations()).as("a forced deploy re-applies, but the render stamps stay, so nothing restarts").isEqualTo(before);

        Path release = helm.resolve("product-release-charts/DIGIT/dependency_chart-digit-core-v2.9.yaml");
        Files.writeString(release, Files.readString(release).replace("egov-user:v1.2.8-9fde481-19", "egov-user:v1.2.9-abcdef0-20"));
        CliRun oneTag = deploy("--verbose");
        assertThat(oneTag.exit()).as(oneTag.err() + oneTag.out()).isZero();
        assertThat(rendered(oneTag)).containsExactly("cluster-configs", "egov-user");
        assertThat(oneTag.out()).containsPattern("egov-user\\s+egovio/egov-user:v1.2.9-abcdef0-20\\s+deployed");
        assertThat(rows(oneTag, "deployed")).isEqualTo(1);
        Map<String, Long> afterTag = generations();
        before.forEach((name, generation) -> assertThat(afterTag.get(name)).as(name)
                .isEqualTo(name.endsWith("/egov-user") ? generation + 1 : generation));

        Path env = helm.resolve("environments/egov-demo.yaml");
        Files.writeString(env, Files.readString(env).replace("db-name: \"dbname.example.org\"", "db-name: \"egov_demo\""));
        CliRun config = deploy();
        assertThat(config.exit()).as(config.err() + config.out()).isZero();
        List<String> usingConfig = cluster.storedList("/apis/apps/v1/deployments").stream()
                .filter(d -> io.digitctl.kube.apply.ConfigReferences.of(d).stream().anyMatch(r -> r.kind().equals("ConfigMap") && r.name().equals("egov-config")))
                .map(d -> KubeObjects.metadata(d).get("namespace") + "/" + KubeObjects.metadata(d).get("name")).sorted().toList();
        assertThat(usingConfig).hasSizeGreaterThan(10);
        Map<String, Long> afterConfig = generations();
        List<String> restarted = afterConfig.keySet().stream().filter(n -> !afterConfig.get(n).equals(afterTag.get(n))).sorted().toList();
        assertThat(restarted).as("exactly the workloads that use egov-config").isEqualTo(usingConfig);
        assertThat(config.err()).contains("egov-user: restart, ConfigMap egov/egov-config changed");
    }

}
