package io.digitctl.kube;

import io.digitctl.action.ApplyOptions;
import io.digitctl.action.DeployAction;
import io.digitctl.action.DeployRequest;
import io.digitctl.action.DeployResult;
import io.digitctl.action.ServiceOutcome;
import io.digitctl.cli.CliRun;
import io.digitctl.event.ProgressListener;
import io.digitctl.secrets.keys.KeySettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.digitctl.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

/** What a fresh real cluster refuses, and how a deploy of the example tree gets through it anyway. */
class FreshClusterScenariosTest extends ClusterTestBase {

    private static String job(String name, String events, int weight, String policy, String image) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: %s
                  namespace: egov
                  annotations:
                    helm.sh/hook: %s
                    helm.sh/hook-weight: "%d"
                %s
                spec:
                  backoffLimit: 1
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: main
                          image: %s
                """.formatted(name, events, weight, policy == null ? "" : "    helm.sh/hook-delete-policy: " + policy, image);
    }

    private void addTemplate(String chart, String file, String yaml) {
        write(helm, "charts/core-services/" + chart + "/templates/" + file, yaml);
    }

    private int position(String method, String pathPart) {
        List<String> log = cluster.requestLog();
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith(method) && log.get(i).contains(pathPart) && !log.get(i).contains("dryRun")) {
                return i;
            }
        }
        return -1;
    }

    private int lastPosition(String method, String pathPart) {
        List<String> log = cluster.requestLog();
        for (int i = log.size() - 1; i >= 0; i--) {
            if (log.get(i).startsWith(method) && log.get(i).contains(pathPart) && !log.get(i).contains("dryRun")) {
                return i;
            }
        }
        return -1;
    }

    private Map<String, Object> stored(String kindPath, String name) {
        return cluster.stored("/apis/batch/v1/namespaces/egov/" + kindPath + "/" + name);
    }

    @Test
    void hooksRunByEventInWeightOrderAndFollowTheirDeletePolicies() {
        addTemplate("egov-idgen", "hook-b.yaml", job("idgen-seed-b", "pre-install,pre-upgrade", 5, "before-hook-creation,hook-succeeded", "egovio/seed:1"));
        addTemplate("egov-idgen", "hook-a.yaml", job("idgen-seed-a", "pre-install", -1, null, "egovio/seed:1"));
        addTemplate("egov-idgen", "hook-post.yaml", job("idgen-warmup", "post-install,post-upgrade", 0, "hook-failed", "egovio/warmup:1"));
        addTemplate("egov-idgen", "hook-test.yaml", job("idgen-smoke", "test", 0, null, "egovio/smoke:1"));

        CliRun first = deployRelease();

        assertThat(first.exit()).as(first.err() + first.out()).isZero();
        int a = position("PATCH", "/jobs/idgen-seed-a");
        int b = position("PATCH", "/jobs/idgen-seed-b");
        int deployment = position("PATCH", "/deployments/egov-idgen");
        int post = position("PATCH", "/jobs/idgen-warmup");
        assertThat(a).as("weight -1 first").isPositive().isLessThan(b);
        assertThat(b).as("pre hooks before the service's objects").isLessThan(deployment);
        assertThat(post).as("post hooks after the rollout").isGreaterThan(deployment);
        assertThat(stored("jobs", "idgen-seed-b")).as("hook-succeeded deletes it").isNull();
        assertThat(stored("jobs", "idgen-seed-a")).as("before-hook-creation alone keeps it").isNotNull();
        assertThat(stored("jobs", "idgen-warmup")).as("hook-failed keeps a hook that succeeded").isNotNull();
        assertThat(stored("jobs", "idgen-smoke")).as("test hooks never run in a deploy").isNull();
        assertThat(digitctl("diff", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0", "-c", "--age-key-file", demoKey).exit())
                .as("hooks are not compared by diff").isZero();
        int before = cluster.requestLog().size();

        CliRun second = deployRelease("--force");

        assertThat(second.exit()).as(second.err() + second.out()).isZero();
        assertThat(lastPosition("PATCH", "/jobs/idgen-seed-b")).as("pre-upgrade runs again").isGreaterThan(before);
        assertThat(lastPosition("PATCH", "/jobs/idgen-seed-a")).as("a pre-install hook does not run on upgrade").isLessThan(before);
        assertThat(lastPosition("DELETE", "/jobs/idgen-warmup")).as("no before-hook-creation, no delete").isLessThan(before);
        assertThat(lastPosition("PATCH", "/jobs/idgen-warmup")).as("post-upgrade runs again").isGreaterThan(before);
    }

    @Test
    void aFailingPreInstallHookFailsItsServiceNamingTheJobAndItsObjectsAreNotApplied() {
        cluster.failJobImage("broken-seed");
        addTemplate("egov-idgen", "hook-seed.yaml", job("idgen-seed", "pre-install,pre-upgrade", 0, null, "egovio/broken-seed:1"));

        CliRun run = deployRelease();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("egov-idgen\\s+\\S+\\s+failed\\s+.*pre-install hook Job.batch/egov/idgen-seed failed")
                .contains("BackoffLimitExceeded")
                .containsPattern("egov-user\\s+\\S+\\s+deployed");
        assertThat(deployment("egov-idgen")).isNull();
        assertThat(stored("jobs", "idgen-seed")).as("the failed hook stays for inspection").isNotNull();
    }

    private static final String PDB = """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: egov-idgen
              namespace: egov
            spec:
              minAvailable: 1
              selector:
                matchLabels:
                  app: egov-idgen
            """;

    private static String webhook(String name, String serviceNamespace, String service) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata:
                  name: %s
                webhooks:
                  - name: %s.example.org
                    failurePolicy: Fail
                    sideEffects: None
                    admissionReviewVersions: [v1]
                    clientConfig:
                      service:
                        namespace: %s
                        name: %s
                        path: /validate
                      caBundle: Y2EtYnVuZGxl
                    rules:
                      - apiGroups: [policy]
                        apiVersions: [v1]
                        resources: [poddisruptionbudgets]
                        operations: [CREATE, UPDATE]
                """.formatted(name, name, serviceNamespace, service);
    }

    @Test
    void aWebhookThatNeverAnswersFailsWhatItInterceptsAfterTheTimeoutWhileOthersFinish() throws Exception {
        addTemplate("egov-idgen", "pdb.yaml", PDB);
        cluster.put("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
                io.digitctl.kube.MockCluster.read(io.digitctl.kube.MockCluster.write(new org.yaml.snakeyaml.Yaml().load(
                        webhook("pdb-policy", "policy-system", "pdb-policy")))));

        CliRun run = deployRelease("--timeout", "2s");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("egov-idgen\\s+\\S+\\s+failed\\s+.*Webhook pdb-policy.example.org still refused PodDisruptionBudget.policy/egov/egov-idgen after 2s")
                .containsPattern("egov-user\\s+\\S+\\s+deployed")
                .containsPattern("egov-mdms-service\\s+\\S+\\s+deployed")
                .containsPattern("billing-service\\s+\\S+\\s+not started");
    }

    @Test
    void objectsAWebhookOfTheDeployInterceptsWaitForItsServiceAndFailWhenItFails() {
        addTemplate("egov-idgen", "pdb.yaml", PDB);
        addTemplate("egov-mdms-service", "webhook.yaml", webhook("mdms-policy", "egov", "egov-mdms-service").replace("Y2EtYnVuZGxl", "Y2E="));
        cluster.failImage("egov-mdms-service:v1.3.2");

        CliRun run = deployRelease();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("egov-mdms-service\\s+\\S+\\s+failed\\s+.*ImagePullBackOff")
                .containsPattern("egov-idgen\\s+\\S+\\s+failed\\s+.*go through webhook mdms-policy.example.org of egov-mdms-service, which is not serving")
                .containsPattern("egov-user\\s+\\S+\\s+deployed");
        assertThat(cluster.stored("/apis/policy/v1/namespaces/egov/poddisruptionbudgets/egov-idgen")).isNull();
    }

    @Test
    void aCustomResourceIsAppliedOnceItsCrdIsEstablished() {
        write(helm, "charts/core-services/egov-mdms-service/crds/widgets.yaml", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.example.org
                spec:
                  group: example.org
                  scope: Namespaced
                  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """);
        addTemplate("egov-mdms-service", "widget.yaml", "apiVersion: example.org/v1\nkind: Widget\nmetadata:\n  name: mdms\n  namespace: egov\nspec:\n  size: 3\n");

        CliRun run = deployRelease();

        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        assertThat(run.err()).contains("waiting for 1 CRD to be established");
        assertThat(cluster.stored("/apis/example.org/v1/namespaces/egov/widgets/mdms")).isNotNull();
    }

    @Test
    void preflightRefusesAnUnservedKindBeforeWritingAnythingOrLeavesItOutWhenAsked() {
        addTemplate("egov-user", "monitor.yaml", "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: egov-user\n"
                + "  namespace: egov\nspec:\n  endpoints: [{port: http}]\n  selector: {matchLabels: {app: egov-user}}\n");

        CliRun refused = deployRelease();

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("Preflight found 1 problem")
                .contains("egov-user: ServiceMonitor.monitoring.coreos.com/egov/egov-user: the cluster does not serve apiVersion monitoring.coreos.com/v1"
                        + " kind ServiceMonitor, and no CRD of this deploy defines it. Install the Prometheus Operator (its CRDs) first, or pass --skip-unserved");
        assertThat(cluster.stored("/api/v1/namespaces/egov")).as("nothing written, not even the namespace").isNull();
        assertThat(cluster.storedList("/api/v1/secrets")).noneMatch(s -> String.valueOf(KubeObjects.metadata(s).get("name")).startsWith("digitctl."));

        CliRun skipped = deployRelease("--skip-unserved");

        assertThat(skipped.exit()).as(skipped.err()).isZero();
        assertThat(skipped.err()).contains("ServiceMonitor.monitoring.coreos.com/egov/egov-user left out");
        assertThat(deployment("egov-user")).isNotNull();
    }

    @Test
    void preflightNamesMissingConfigAndSuggestsClusterConfigs() {
        CliRun run = digitctl("deploy", "-e", "dev", "-s", "Demo", "-v", "demo-v1.0");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("egov-user: missing configuration: its pods need ConfigMap egov/egov-config, Secret egov/db,"
                + " which neither exist in the cluster nor are part of this deploy").contains("deploy with -c");
        assertThat(cluster.stored("/api/v1/namespaces/egov")).isNull();
    }

    @Test
    void missingNamespacesAreCreatedLabelledAsDigitctls() {
        CliRun run = digitctl("deploy", "-e", "dev", "egovio/egov-idgen:v1.2.3-44558a0-3", "--allow-missing-config", "--timeout", "3s");

        assertThat(run.err()).contains("namespace egov does not exist: digitctl creates it")
                .contains("egov-idgen: its pods need ConfigMap egov/egov-config, Secret egov/db").contains("(--allow-missing-config)");
        assertThat(KubeObjects.labels(cluster.stored("/api/v1/namespaces/egov")))
                .containsEntry("app.kubernetes.io/managed-by", "digitctl").containsEntry("digitctl.io/environment", "dev");
        assertThat(deployment("egov-idgen")).isNotNull();
    }

    @Test
    void aMissingSecretFailsTheServiceAsCreateContainerConfigErrorNamingTheSecret() {
        cluster.createNamespace("egov");
        cluster.put("/api/v1/namespaces/egov/configmaps", Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "egov-config", "namespace", "egov"),
                "data", Map.of("db-url", "jdbc:postgresql://db:5432/egov", "db-host", "db", "db-name", "egov",
                        "egov-state-level-tenant-id", "pb", "timezone", "Asia/Kolkata", "domain", "dev.digit.example.org")));

        CliRun run = digitctl("deploy", "-e", "dev", "egovio/egov-idgen:v1.2.3-44558a0-3", "--allow-missing-config");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("egov-idgen: its pods need Secret egov/db");
        assertThat(run.out()).containsPattern("egov-idgen\\s+\\S+\\s+failed\\s+.*CreateContainerConfigError \\(secret \"db\" not found\\)");
    }

    @Test
    void atomicRollsBackTheOthersWhenOneRollbackApplyFailsAndStillRecordsTheDeploy() throws Exception {
        assertThat(deployRelease().exit()).isZero();
        Path release = helm.resolve("product-release-charts/Demo/dependency_chart-demo-v1.0.yaml");
        Files.writeString(release, Files.readString(release).replace("egov-mdms-service:v1.3.2-44558a0-3", "egov-mdms-service:v1.3.3-1111111-4")
                .replace("egov-user:v1.2.8-9fde481-19", "egov-user:v0.0.0-does-not-exist"));
        cluster.failImage("does-not-exist");
        AtomicBoolean injected = new AtomicBoolean();
        ProgressListener breakMdmsRollback = new ProgressListener() {
            @Override
            public void serviceState(String service, String state, String detail, long elapsedMillis) {
                if (service.equals("egov-mdms-service") && state.equals("rolling back") && injected.compareAndSet(false, true)) {
                    cluster.fail("PATCH", "/deployments/egov-mdms-service", 422, 100);
                }
            }
        };
        DeployRequest request = new DeployRequest(helm, "dev", List.of(), "Demo", "demo-v1.0", List.of(), false, null, 2, true,
                KeySettings.fromEnvironment(List.of(Path.of(demoKey)), List.of()), false);
        ApplyOptions options = new ApplyOptions(new KubeConnector.Target(kubeconfig, "mock"), Duration.ofSeconds(20),
                Duration.ofMillis(50), Duration.ofMillis(200), 4, true, false, false);

        DeployResult result = new DeployAction(breakMdmsRollback).run(request, options);

        Map<String, ServiceOutcome> byService = new java.util.HashMap<>();
        result.services().forEach(o -> byService.put(o.service(), o));
        assertThat(injected).isTrue();
        assertThat(byService.get("egov-mdms-service").result()).as(result.services().toString()).isEqualTo(ServiceOutcome.Result.FAILED);
        assertThat(byService.get("egov-mdms-service").reason()).contains("rejected it (422)");
        assertThat(byService.get("egov-user").result()).isEqualTo(ServiceOutcome.Result.ROLLED_BACK);
        assertThat(image(deployment("egov-user"))).isEqualTo("egovio/egov-user:v1.2.8-9fde481-19");
        assertThat(cluster.storedList("/api/v1/namespaces/default/secrets"))
                .anyMatch(s -> String.valueOf(KubeObjects.metadata(s).get("name")).equals("digitctl.dev.deploy." + result.deployId()));
    }
}
