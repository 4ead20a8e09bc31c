package io.digitctl.web;

import io.digitctl.cli.CliRun;
import io.digitctl.kube.TwoClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JSON API over HTTP, on two MockClusters (dev and e2e) and an environment whose cluster is
 * gone: dev runs Demo demo-v1.0, e2e too but with egov-user at a newer tag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeApiTest {
    static final String NEW_TAG = "v1.2.9-abc1234-20";
    static final List<String> SERVICES = List.of("egov-mdms-service", "egov-user", "egov-idgen", "billing-service", "pgr-services");

    @TempDir
    static Path tmp;
    TwoClusters clusters;
    WebServer readOnly;
    WebServer withActions;
    Http http;
    Http actions;
    final List<String> served = new ArrayList<>();

    @BeforeAll
    void deployAndServe() {
        clusters = new TwoClusters(tmp).withUnreachableEnvironment();
        for (String env : TwoClusters.ENVIRONMENTS) {
            CliRun run = clusters.deployRelease(env, "demo-v1.0");
            assertThat(run.exit()).as(run.err() + run.out()).isZero();
        }
        CliRun newer = clusters.digitctl("deploy", "-e", "e2e", "egovio/egov-user:" + NEW_TAG);
        assertThat(newer.exit()).as(newer.err() + newer.out()).isZero();
        readOnly = WebServers.start(clusters, null);
        withActions = WebServers.start(clusters, "s3cret-token-for-tests-0123456789");
        http = new Http(readOnly.url());
        actions = new Http(withActions.url());
        await().atMost(Duration.ofSeconds(20)).until(() -> !get(http, "/api/overview").toString().contains("reading"));
    }

    @AfterAll
    void stop() {
        readOnly.close();
        withActions.close();
        clusters.close();
    }

    Map<String, Object> get(Http on, String path) {
        Http.Reply reply = on.get(path);
        served.add(reply.body());
        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void listensOnlyWhereToldAndAnswersOnlyLoopbackNames() throws Exception {
        assertThat(readOnly.url()).startsWith("http://127.0.0.1:");
        assertThat(rawStatus("localhost:" + readOnly.port())).isEqualTo(200);
        assertThat(rawStatus("rebound.example.org")).as("a DNS name rebound to 127.0.0.1").isEqualTo(421);
    }

    private int rawStatus(String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", readOnly.port())) {
            socket.getOutputStream().write(("GET /api/environments HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOverviewHasEveryServiceInBothEnvironmentsAndMarksATagThatDiffersFromTheLeft() {
        Map<String, Object> overview = get(http, "/api/overview");
        List<Map<String, Object>> envs = (List<Map<String, Object>>) overview.get("environments");
        assertThat(envs).extracting(e -> e.get("name")).containsExactly("dev", "e2e", "gone");
        assertThat(envs.get(0)).containsEntry("state", "reachable").containsEntry("context", "dev");
        assertThat(envs.get(2)).containsEntry("state", "unreachable");
        assertThat(String.valueOf(envs.get(2).get("error"))).contains("127.0.0.1:9");
        Map<String, Map<String, Map<String, Object>>> cells = new java.util.HashMap<>();
        Map<String, String> moduleOf = new java.util.HashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) overview.get("modules")) {
            for (Map<String, Object> row : (List<Map<String, Object>>) group.get("services")) {
                cells.put((String) row.get("service"), (Map<String, Map<String, Object>>) row.get("cells"));
                moduleOf.put((String) row.get("service"), (String) group.get("module"));
            }
        }
        assertThat(cells).containsKeys(SERVICES.toArray(String[]::new));
        assertThat(moduleOf).containsEntry("egov-user", "core").containsEntry("pgr-services", "m_pgr").containsEntry("billing-service", "business");
        for (String service : SERVICES) {
            assertThat(cells.get(service)).as(service).containsKeys("dev", "e2e").doesNotContainKey("gone");
            assertThat(cells.get(service).get("dev")).containsEntry("health", "healthy").containsEntry("changed", false);
        }
        assertThat(cells.get("egov-user").get("dev")).containsEntry("tag", "v1.2.8-9fde481-19").containsEntry("ready", 2).containsEntry("desired", 2);
        assertThat(cells.get("egov-user").get("e2e")).containsEntry("tag", NEW_TAG).containsEntry("changed", true).containsEntry("revision", 2);
        assertThat(cells.get("pgr-services").get("e2e")).containsEntry("tag", "v1.1.0-1a2b3c4-7").containsEntry("changed", false);
    }

    @Test
    void statusIsWhatTheCliPrintsAsJson() throws Exception {
        Map<String, Object> api = get(http, "/api/environments/dev/status");
        CliRun cli = clusters.digitctl("status", "-e", "dev", "--output", "json");
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(api).isEqualTo(Http.JSON.readValue(cli.out(), Map.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aServiceHasItsRevisionsInEveryEnvironmentAndDiffsBetweenThem() {
        Map<String, Object> service = get(http, "/api/services/egov-user");
        List<Map<String, Object>> envs = (List<Map<String, Object>>) service.get("environments");
        assertThat(envs).extracting(e -> e.get("environment")).containsExactly("dev", "e2e", "gone");
        List<Map<String, Object>> e2e = (List<Map<String, Object>>) envs.get(1).get("revisions");
        assertThat(e2e).extracting(r -> r.get("revision")).containsExactly(2, 1);
        assertThat(e2e.get(0)).containsEntry("status", "deployed").containsKeys("who", "startedAt", "finishedAt", "message")
                .doesNotContainKey("manifests");
        assertThat(e2e.get(1)).containsEntry("status", "superseded");
        assertThat(envs.get(2)).containsKey("error");

        Map<String, Object> diff = get(http, "/api/services/egov-user/diff?from=e2e:1&to=e2e:2");
        assertThat(diff.toString()).contains("-        image: library/nginx:v1.2.8-9fde481-19").contains("+        image: library/nginx:" + NEW_TAG);
        Map<String, Object> across = get(http, "/api/services/egov-user/diff?from=dev:1&to=e2e:2");
        assertThat((List<?>) across.get("changes")).isNotEmpty();
        Map<String, Object> live = get(http, "/api/services/egov-user/diff?from=e2e:2&to=e2e:live");
        assertThat(live).containsKeys("changes", "unchanged");
        assertThat(http.get("/api/services/egov-user/diff?from=e2e:9&to=e2e:live").status()).isEqualTo(404);
        assertThat(http.get("/api/services/egov-user/diff?from=nonsense&to=e2e:live").status()).isEqualTo(400);
    }

    @Test
    void noSecretValueIsEverServed() {
        CliRun decrypted = CliRun.of("secrets", "decrypt", clusters.helm().resolve("environments/dev-secrets.yaml").toString(),
                "--age-key-file", io.digitctl.TestTrees.examples().resolveSibling("keys/dev-demo.agekey").toString());
        assertThat(decrypted.exit()).as(decrypted.err()).isZero();
        List<String> values = new ArrayList<>();
        for (String line : decrypted.out().split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && !line.trim().startsWith("#")) {
                String value = line.substring(colon + 2).trim().replaceAll("^[\"']|[\"']$", "");
                if (value.length() >= 6) {
                    values.add(value);
                }
            }
        }
        assertThat(values).as("the demo secrets file has values to look for").isNotEmpty();
        List<String> bodies = new ArrayList<>();
        for (String path : List.of("/api/overview", "/api/environments/dev", "/api/environments/dev/history", "/api/services/cluster-configs",
                "/api/services/cluster-configs/diff?from=dev:1&to=dev:live", "/api/environments/dev/deploys")) {
            bodies.add(http.get(path).body());
        }
        bodies.addAll(served);
        // the ledger holds no Secret values, so a live value is not shown as a change either
        assertThat(bodies.get(4)).contains("\"changes\":[]");
        for (String body : bodies) {
            for (String value : values) {
                assertThat(body).as("a secret value in a response").doesNotContain(value)
                        .doesNotContain(java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEnvironmentPageHasDeploysConformanceAndClusterConfigs() {
        Map<String, Object> dev = get(http, "/api/environments/dev");
        assertThat(dev).containsEntry("state", "reachable");
        assertThat((List<Map<String, Object>>) dev.get("deploys")).isNotEmpty()
                .allSatisfy(d -> assertThat(d).containsKeys("deployId", "description", "result", "who", "services"));
        assertThat((Map<String, Object>) dev.get("clusterConfigs")).containsEntry("added", List.of()).containsEntry("changed", List.of());
        assertThat((List<?>) dev.get("releases")).hasSize(2);
        assertThat(get(http, "/api/environments/dev/conformance?product=Demo&version=demo-v1.0")).containsEntry("conforms", true);
        Map<String, Object> e2e = get(http, "/api/environments/e2e/conformance?product=Demo&version=demo-v1.0");
        assertThat(e2e).containsEntry("conforms", false);
        assertThat((List<Map<String, Object>>) e2e.get("services")).filteredOn(s -> s.get("service").equals("egov-user"))
                .singleElement().satisfies(s -> assertThat(s).containsEntry("state", "differs").containsEntry("running", NEW_TAG));
        assertThat(get(http, "/api/environments/gone")).containsEntry("state", "unreachable");
        assertThat(http.get("/api/environments/nowhere").status()).isEqualTo(404);
    }

    @Test
    void withActionsOffEveryActionIs403AndActionsArePostOnly() {
        String body = "{\"environment\":\"e2e\",\"service\":\"egov-user\"}";
        assertThat(http.post("/api/actions/rollback", null, "application/json", body).status()).isEqualTo(403);
        assertThat(http.post("/api/actions/redeploy", "anything", "application/json", body).status()).isEqualTo(403);
        assertThat(http.get("/api/actions/rollback").status()).isEqualTo(405);
        assertThat(actions.get("/api/actions/rollback").status()).isEqualTo(405);
        assertThat(http.post("/api/overview", null, "application/json", "{}").status()).isEqualTo(405);
        assertThat(clusters.image("e2e", "egov-user")).endsWith(NEW_TAG);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRollbackNeedsTheTokenThenChangesTheClusterAsWebLabel() {
        String body = "{\"environment\":\"e2e\",\"service\":\"egov-user\",\"revision\":1}";
        assertThat(actions.post("/api/actions/rollback", null, "application/json", body).status()).isEqualTo(401);
        assertThat(actions.post("/api/actions/rollback", "wrong-token-wrong-token-wrong", "application/json", body).status()).isEqualTo(401);
        assertThat(actions.post("/api/actions/rollback", WebServers.token(withActions), "application/x-www-form-urlencoded", body).status()).isEqualTo(415);
        assertThat(clusters.image("e2e", "egov-user")).endsWith(NEW_TAG);

        Http.Reply started = actions.post("/api/actions/rollback", WebServers.token(withActions), "application/json", body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = (String) started.json().get("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> !"running".equals(get(actions, "/api/actions/" + id).get("state")));
        Map<String, Object> job = get(actions, "/api/actions/" + id);
        assertThat(job).as(job.toString()).containsEntry("state", "succeeded").containsEntry("who", "web:tester");
        assertThat((List<String>) job.get("lines")).anyMatch(l -> l.contains("egov-user") && l.contains("rolled back"));
        assertThat(clusters.image("e2e", "egov-user")).endsWith("v1.2.8-9fde481-19");
        Map<String, Object> history = get(actions, "/api/environments/e2e/history?service=egov-user");
        List<Map<String, Object>> revisions = (List<Map<String, Object>>) history.get("revisions");
        assertThat(revisions.get(revisions.size() - 1)).satisfies(r -> assertThat(String.valueOf(r.get("who"))).startsWith("web:tester@"));
        // the overview follows without a reload of anything
        await().atMost(Duration.ofSeconds(10)).until(() -> get(http, "/api/overview").toString().contains("revision=3"));

        // a redeploy of a release, streamed line by line, recorded as web:tester
        Http.Reply redeploy = actions.post("/api/actions/redeploy", WebServers.token(withActions), "application/json",
                "{\"environment\":\"e2e\",\"product\":\"Demo\",\"version\":\"demo-v0.9\"}");
        assertThat(redeploy.status()).as(redeploy.body()).isEqualTo(202);
        String deployId = (String) redeploy.json().get("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> !"running".equals(get(actions, "/api/actions/" + deployId).get("state")));
        Map<String, Object> deployed = get(actions, "/api/actions/" + deployId);
        assertThat(deployed).as(deployed.toString()).containsEntry("state", "succeeded");
        assertThat((List<String>) deployed.get("lines")).anyMatch(l -> l.contains("egov-mdms-service") && l.contains("deployed"));
        assertThat(clusters.image("e2e", "egov-mdms-service")).endsWith("v1.3.0-aaaaaaa-1");
        List<Map<String, Object>> records = (List<Map<String, Object>>) get(actions, "/api/environments/e2e/deploys").get("deploys");
        assertThat(records.get(0)).satisfies(r -> assertThat(String.valueOf(r.get("who"))).startsWith("web:tester@"));
        assertThat(get(actions, "/api/actions").toString()).contains(id).contains(deployId);

        // put it back for the other tests
        CliRun release = clusters.deployRelease("e2e", "demo-v1.0");
        assertThat(release.exit()).as(release.err()).isZero();
        CliRun again = clusters.digitctl("deploy", "-e", "e2e", "egovio/egov-user:" + NEW_TAG);
        assertThat(again.exit()).as(again.err()).isZero();
    }

    @Test
    void theEventStreamStartsWithTheOverview() throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(readOnly.url() + "api/events").toURL().openConnection();
        c.setReadTimeout(10_000);
        assertThat(c.getContentType()).startsWith("text/event-stream");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("event: overview");
            assertThat(in.readLine()).startsWith("data: {\"environments\":");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void thePageAndItsAssetsComeFromTheJarWithNothingFromElsewhere() {
        Http.Reply page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/assets/app.js").doesNotContain("http://").doesNotContain("https://");
        assertThat(http.get("/assets/app.js").body()).doesNotContain("https://").contains("EventSource");
        assertThat(http.get("/assets/app.css").status()).isEqualTo(200);
        assertThat(http.get("/etc/passwd").status()).isEqualTo(404);
    }
}
