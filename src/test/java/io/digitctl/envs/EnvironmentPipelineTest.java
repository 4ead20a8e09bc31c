package io.digitctl.envs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.digitctl.TestTrees;
import io.digitctl.cli.CliRun;
import io.digitctl.kube.Fabric8Gateway;
import io.digitctl.kube.KubeObjects;
import io.digitctl.kube.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Environments as a pipeline, on two MockClusters standing for qa and uat: two contexts of one
 * kubeconfig, two env files each naming its context in global.kubeContext.
 */
class EnvironmentPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "/apis/apps/v1/namespaces/egov/deployments/egov-user";
    private static final String PGR = "/apis/apps/v1/namespaces/egov/deployments/pgr-services";

    @TempDir
    Path tmp;
    MockCluster qa;
    MockCluster uat;
    Path kubeconfig;
    Path helm;
    String demoKey;
    HttpServer hooks;
    final List<Map<String, Object>> notifications = new CopyOnWriteArrayList<>();

    @BeforeEach
    void twoClustersAndTwoEnvFiles() throws IOException {
        qa = new MockCluster().rolloutTime(40);
        uat = new MockCluster().rolloutTime(40);
        kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: qa
                    cluster:
                      server: %s
                  - name: uat
                    cluster:
                      server: %s
                contexts:
                  - name: qa
                    context: {cluster: qa, user: tester}
                  - name: uat
                    context: {cluster: uat, user: tester}
                current-context: qa
                users:
                  - name: tester
                    user:
                      token: test-token
                """.formatted(qa.url().replaceAll("/$", ""), uat.url().replaceAll("/$", "")));
        helm = tmp.resolve("helm");
        TestTrees.copy(TestTrees.examples(), helm);
        demoKey = TestTrees.examples().resolveSibling("keys/dev-demo.agekey").toString();
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            notifications.add(JSON.readValue(exchange.getRequestBody().readAllBytes(), Map.class));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hooks.start();
        Path envs = helm.resolve("environments");
        String dev = Files.readString(envs.resolve("dev.yaml"));
        Files.writeString(envs.resolve("qa.yaml"), dev.replace("global:\n", "global:\n  kubeContext: qa\n"));
        Files.writeString(envs.resolve("uat.yaml"), dev.replace("global:\n", "global:\n  kubeContext: uat\n")
                .replace("egov-user:\n  replicas: 2", "egov-user:\n  replicas: 3")
                + "\ndigitctl:\n  notify: " + hookUrl() + "\n");
        Files.copy(envs.resolve("dev-secrets.yaml"), envs.resolve("qa-secrets.yaml"));
        Files.copy(envs.resolve("dev-secrets.yaml"), envs.resolve("uat-secrets.yaml"));
    }

    @AfterEach
    void stop() {
        qa.close();
        uat.close();
        hooks.stop(0);
    }

    String hookUrl() {
        return "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook";
    }

    CliRun digitctl(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--helm-dir", helm.toString(), "--kubeconfig", kubeconfig.toString()));
        if (List.of("deploy", "rollback", "promote").contains(command)) {
            all.addAll(List.of("--poll", "50ms", "--pod-problem-grace", "200ms", "--timeout", "20s"));
        }
        all.addAll(Arrays.asList(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    static String deployId(CliRun run) {
        Matcher m = Pattern.compile("\\(deploy (\\S+)\\)\\.").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return m.group(1);
    }

    static String image(MockCluster cluster, String path) {
        return String.valueOf(KubeObjects.list(cluster.stored(path), "spec", "template", "spec", "containers").get(0).get("image"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void qaToUat() throws Exception {
        // qa gets the release; uat an older one, with its cluster-configs
        CliRun first = digitctl("deploy", "-e", "qa", "-s", "Demo", "-v", "demo-v1.0", "-c", "--age-key-file", demoKey);
        assertThat(first.exit()).as(first.err() + first.out()).isZero();
        assertThat(first.err()).contains("context qa");
        String firstDeploy = deployId(first);
        CliRun older = digitctl("deploy", "-e", "uat", "-s", "Demo", "-v", "demo-v0.9", "-c", "--age-key-file", demoKey);
        assertThat(older.exit()).as(older.err() + older.out()).isZero();
        assertThat(older.err()).contains("context uat");
        assertThat(image(uat, USER)).endsWith(":v1.2.0-bbbbbbb-4");
        assertThat(notifications).as("uat's env file notifies").hasSize(2);
        notifications.clear();

        CliRun differ = digitctl("compare", "qa", "uat");
        assertThat(differ.exit()).as(differ.err() + differ.out()).isEqualTo(2);
        assertThat(differ.out()).contains("egov-idgen").contains("only in qa");

        // promote the release: refused while too fresh, then promoted with the sources recorded
        CliRun fresh = digitctl("promote", "--from", "qa", "--to", "uat", "-s", "Demo", "-v", "demo-v1.0", "--yes");
        assertThat(fresh.exit()).as(fresh.err() + fresh.out()).isEqualTo(1);
        assertThat(fresh.err()).contains("egov-user is too fresh").contains("10m soak");
        CliRun noTerminal = digitctl("promote", "--from", "qa", "--to", "uat", "-s", "Demo", "-v", "demo-v1.0", "--soak", "0s");
        assertThat(noTerminal.exit()).isEqualTo(1);
        assertThat(noTerminal.err()).contains("--yes");
        CliRun dryRun = digitctl("promote", "--from", "qa", "--to", "uat", "-s", "Demo", "-v", "demo-v1.0", "--soak", "0s", "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.err() + dryRun.out()).isZero();
        assertThat(dryRun.out()).contains("Dry run: 5 services would be promoted from qa to uat")
                .containsPattern("egov-user\\s+egovio/egov-user:v1.2.0-bbbbbbb-4\\s+egovio/egov-user:v1.2.8-9fde481-19\\s+from rev 1");
        assertThat(image(uat, USER)).endsWith(":v1.2.0-bbbbbbb-4");
        CliRun promoted = digitctl("promote", "--from", "qa", "--to", "uat", "-s", "Demo", "-v", "demo-v1.0", "--soak", "0s", "--yes");
        assertThat(promoted.exit()).as(promoted.err() + promoted.out()).isZero();
        assertThat(image(uat, USER)).endsWith(":v1.2.8-9fde481-19");
        assertThat(KubeObjects.number(uat.stored(USER), "spec", "replicas")).as("rendered with uat's env file").isEqualTo(3);
        assertThat(notifications).hasSize(2);
        Map<String, Object> started = notifications.get(0);
        Map<String, Object> finished = notifications.get(1);
        assertThat(started).containsEntry("event", "started").containsEntry("environment", "uat").containsKey("text");
        assertThat(finished).containsEntry("event", "finished").containsEntry("result", "succeeded").containsKeys("durationSeconds", "failures", "deployId");
        assertThat((List<Map<String, Object>>) finished.get("services")).anySatisfy(s -> assertThat(s)
                .containsEntry("service", "egov-user").containsEntry("before", "egovio/egov-user:v1.2.0-bbbbbbb-4")
                .containsEntry("after", "egovio/egov-user:v1.2.8-9fde481-19").containsEntry("result", "deployed"));
        assertThat(String.valueOf(finished.get("text"))).contains("egov-user").contains("→").contains("SUCCEEDED");

        CliRun history = digitctl("history", "-e", "uat", "egov-user");
        assertThat(history.out()).contains("promoted from qa rev 1");

        CliRun same = digitctl("compare", "qa", "uat");
        assertThat(same.exit()).as(same.err() + same.out()).isZero();
        assertThat(same.out()).contains("egov-user.replicas: 2 → 3").contains("same image");
        CliRun values = digitctl("compare", "qa", "uat", "--include-values", "--output", "json");
        assertThat(values.exit()).isEqualTo(2);
        Map<String, Object> json = JSON.readValue(values.out(), Map.class);
        assertThat(json).containsEntry("imagesDiffer", false).containsEntry("valuesDiffer", true);
        assertThat(values.out()).contains("\"state\" : \"same\"").doesNotContain("cGFzc3dvcmQ");

        // a new tag of one service in qa
        CliRun newTag = digitctl("deploy", "-e", "qa", "egovio/egov-user:v1.2.9-abc1234-20");
        assertThat(newTag.exit()).as(newTag.err() + newTag.out()).isZero();
        CliRun nowDiffer = digitctl("compare", "qa", "uat");
        assertThat(nowDiffer.exit()).isEqualTo(2);
        assertThat(nowDiffer.out()).contains("Images differ in 1 service: egov-user.");
        CliRun tooFresh = digitctl("promote", "--from", "qa", "--to", "uat", "egov-user", "--yes");
        assertThat(tooFresh.exit()).as(tooFresh.err()).isEqualTo(1);
        assertThat(tooFresh.err()).contains("egov-user is too fresh");
        assertThat(image(uat, USER)).endsWith(":v1.2.8-9fde481-19");
        CliRun soaked = digitctl("promote", "--from", "qa", "--to", "uat", "egov-user", "--soak", "0s", "--yes");
        assertThat(soaked.exit()).as(soaked.err() + soaked.out()).isZero();
        assertThat(image(uat, USER)).endsWith(":v1.2.9-abc1234-20");
        assertThat(digitctl("history", "-e", "uat", "egov-user").out()).contains("promoted from qa rev 2");
        assertThat(digitctl("compare", "qa", "uat").exit()).isZero();

        // kubectl scale in uat: drift shows it, a plain deploy repairs it
        assertThat(digitctl("drift", "-e", "uat").exit()).isZero();
        try (Fabric8Gateway gateway = gatewayOf("uat")) {
            Map<String, Object> live = gateway.get("apps/v1", KubeObjects.key(uat.stored(USER))).orElseThrow();
            ((Map<String, Object>) live.get("spec")).put("replicas", 7);
            gateway.replace(live);
        }
        CliRun drift = digitctl("drift", "-e", "uat");
        assertThat(drift.exit()).as(drift.err() + drift.out()).isEqualTo(2);
        assertThat(drift.out()).contains("# changed Deployment.apps/egov/egov-user").contains("-  replicas: 3").contains("+  replicas: 7");
        CliRun driftJson = digitctl("drift", "-e", "uat", "--output", "json");
        assertThat(driftJson.exit()).isEqualTo(2);
        assertThat(JSON.readValue(driftJson.out(), Map.class)).containsEntry("drifted", true);
        CliRun repair = digitctl("deploy", "-e", "uat", "egovio/egov-user:v1.2.9-abc1234-20");
        assertThat(repair.exit()).as(repair.err() + repair.out()).isZero();
        assertThat(repair.out()).containsPattern("egov-user\\s+\\S+\\s+deployed");
        assertThat(KubeObjects.number(uat.stored(USER), "spec", "replicas")).isEqualTo(3);
        assertThat(digitctl("drift", "-e", "uat").exit()).isZero();

        // plan files: applied exactly when nothing moved; refused when the ledger moved or the render differs
        Path plan = tmp.resolve("plan.json");
        CliRun planned = digitctl("deploy", "-e", "qa", "egovio/pgr-services:v1.1.1-1a2b3c4-8", "--plan-out", plan.toString());
        assertThat(planned.exit()).as(planned.err() + planned.out()).isZero();
        assertThat(planned.out()).contains("nothing was applied");
        assertThat(image(qa, PGR)).endsWith(":v1.1.0-1a2b3c4-7");
        CliRun applied = digitctl("deploy", "-e", "qa", "--plan", plan.toString());
        assertThat(applied.exit()).as(applied.err() + applied.out()).isZero();
        assertThat(image(qa, PGR)).endsWith(":v1.1.1-1a2b3c4-8");
        assertThat(digitctl("history", "-e", "qa", "pgr-services").out()).contains("planned by ").contains("applied by ");

        Path stale = tmp.resolve("stale.json");
        assertThat(digitctl("deploy", "-e", "qa", "egovio/pgr-services:v1.1.2-1a2b3c4-9", "--plan-out", stale.toString()).exit()).isZero();
        assertThat(digitctl("deploy", "-e", "qa", "egovio/egov-idgen:v1.2.4-44558a0-4").exit()).isZero();
        CliRun refused = digitctl("deploy", "-e", "qa", "--plan", stale.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("the ledger of qa moved").contains("egov-idgen");
        assertThat(image(qa, PGR)).endsWith(":v1.1.1-1a2b3c4-8");

        Path edited = tmp.resolve("edited.json");
        assertThat(digitctl("deploy", "-e", "qa", "egovio/pgr-services:v1.1.2-1a2b3c4-9", "--plan-out", edited.toString()).exit()).isZero();
        Path qaFile = helm.resolve("environments/qa.yaml");
        Files.writeString(qaFile, Files.readString(qaFile).replace("PGR_KAFKA_TOPIC: save-pgr-request", "PGR_KAFKA_TOPIC: save-pgr-v2"));
        CliRun differs = digitctl("deploy", "-e", "qa", "--plan", edited.toString());
        assertThat(differs.exit()).isEqualTo(1);
        assertThat(differs.err()).contains("the render now differs").contains("pgr-services");

        // the whole environment back to its first deploy
        notifications.clear();
        CliRun rollback = digitctl("rollback", "-e", "qa", "--to-deploy", firstDeploy, "--notify", hookUrl());
        assertThat(rollback.exit()).as(rollback.err() + rollback.out()).isZero();
        assertThat(notifications).hasSize(2).allSatisfy(n -> assertThat(n).containsEntry("action", "rollback").containsEntry("environment", "qa"));
        assertThat((List<Map<String, Object>>) notifications.get(1).get("services")).anySatisfy(s -> assertThat(s)
                .containsEntry("service", "egov-user").containsEntry("before", "egovio/egov-user:v1.2.9-abc1234-20")
                .containsEntry("after", "egovio/egov-user:v1.2.8-9fde481-19").containsEntry("result", "rolled_back"));
        assertThat(image(qa, USER)).endsWith(":v1.2.8-9fde481-19");
        assertThat(image(qa, PGR)).endsWith(":v1.1.0-1a2b3c4-7");
        assertThat(image(qa, "/apis/apps/v1/namespaces/egov/deployments/egov-idgen")).endsWith(":v1.2.3-44558a0-3");
        assertThat(rollback.out()).containsPattern("egov-mdms-service\\s+\\S+\\s+unchanged");
        CliRun deploys = digitctl("history", "-e", "qa", "--deploys");
        assertThat(deploys.out()).contains(firstDeploy).contains("rollback to deploy " + firstDeploy);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeployNotifiesItsStartAndEndAndAnUndeliverableNotificationIsAWarning() throws Exception {
        CliRun run = digitctl("deploy", "-e", "qa", "-s", "Demo", "-v", "demo-v1.0", "-c", "--age-key-file", demoKey,
                "--notify", hookUrl(), "--notify", "http://127.0.0.1:1/nobody-listens");
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        assertThat(run.err()).contains("could not be delivered").doesNotContain("nobody-listens");
        assertThat(notifications).hasSize(2);
        Map<String, Object> start = notifications.get(0);
        Map<String, Object> end = notifications.get(1);
        assertThat(start).containsEntry("event", "started").containsEntry("action", "deploy").containsEntry("environment", "qa")
                .containsEntry("release", "Demo demo-v1.0");
        assertThat(String.valueOf(start.get("text"))).contains("digitctl deploy to qa (Demo demo-v1.0) started");
        assertThat(end).containsEntry("event", "finished").containsEntry("result", "succeeded").containsEntry("failures", List.of());
        assertThat(((Number) end.get("durationSeconds")).longValue()).isGreaterThanOrEqualTo(0);
        assertThat((List<Map<String, Object>>) end.get("services")).anySatisfy(s -> assertThat(s)
                .containsEntry("service", "pgr-services").containsEntry("before", null)
                .containsEntry("after", "egovio/pgr-services:v1.1.0-1a2b3c4-7").containsEntry("result", "deployed"));

        CliRun both = digitctl("deploy", "-e", "qa", "egovio/egov-user:v1", "--plan", tmp.resolve("p.json").toString());
        assertThat(both.exit()).isEqualTo(64);
        assertThat(both.err()).contains("--plan takes what to deploy from the plan file");

        // a failure notifies too, with its reason
        notifications.clear();
        qa.failImage("v9.9.9-broken");
        CliRun broken = digitctl("deploy", "-e", "qa", "egovio/egov-user:v9.9.9-broken-1", "--notify", hookUrl());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(notifications).hasSize(2);
        assertThat(notifications.get(1)).containsEntry("result", "failed");
        assertThat((List<String>) notifications.get(1).get("failures")).singleElement().asString().startsWith("egov-user: ").contains("ImagePullBackOff");
    }

    private Fabric8Gateway gatewayOf(String context) {
        return io.digitctl.kube.KubeConnector.connect(new io.digitctl.kube.KubeConnector.Target(kubeconfig, context), io.digitctl.kube.Retry.DEFAULT);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
