package io.digitctl.web;

import io.digitctl.cli.CliRun;
import io.digitctl.kube.TwoClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page in headless Chromium: the overview of both environments, a changed tag highlighted,
 * a deploy from outside appearing without a reload, and a rollback refused without the token and
 * done with it. With {@code -Ddigitctl.screenshot=FILE} it also saves the overview as a PNG
 * (docs/dashboard.sh).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static final String TOKEN = "browser-test-token-0123456789abcdef";
    static final String NEW_TAG = "v1.2.9-abc1234-20";

    @TempDir
    static Path tmp;
    ChromeDriver browser;
    TwoClusters clusters;
    WebServer server;

    String missing;

    @BeforeAll
    void start() {
        missing = Browser.missing();
        if (missing != null) {
            System.err.println(missing);
            return;
        }
        browser = Browser.start();
        clusters = new TwoClusters(tmp);
        for (String env : TwoClusters.ENVIRONMENTS) {
            CliRun run = clusters.deployRelease(env, "demo-v1.0");
            assertThat(run.exit()).as(run.err() + run.out()).isZero();
        }
        server = WebServers.start(clusters, TOKEN);
        browser.get(server.url());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (clusters != null) {
            clusters.close();
        }
    }

    @BeforeEach
    void needsTheBrowser() {
        assumeTrue(missing == null, missing);
    }

    WebElement cell(String service, String env) {
        List<WebElement> found = browser.findElements(By.cssSelector("td.cell[data-service='" + service + "'][data-env='" + env + "']"));
        return found.isEmpty() ? null : found.get(0);
    }

    String tag(String service, String env) {
        WebElement cell = cell(service, env);
        if (cell == null) {
            return null;
        }
        List<WebElement> tag = cell.findElements(By.className("tag"));
        return tag.isEmpty() ? null : tag.get(0).getText();
    }

    @Test
    @Order(1)
    void theOverviewShowsEveryServiceOfTheReleaseInBothEnvironmentsWithTheirTags() {
        List<String[]> expected = List.of(new String[] {"egov-mdms-service", "v1.3.2-44558a0-3"}, new String[] {"egov-user", "v1.2.8-9fde481-19"},
                new String[] {"egov-idgen", "v1.2.3-44558a0-3"}, new String[] {"billing-service", "v1.3.4-2f94758-5"},
                new String[] {"pgr-services", "v1.1.0-1a2b3c4-7"});
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            for (String[] service : expected) {
                for (String env : TwoClusters.ENVIRONMENTS) {
                    assertThat(tag(service[0], env)).as(service[0] + " in " + env).isEqualTo(service[1]);
                    assertThat(cell(service[0], env).getText()).contains("healthy");
                }
            }
        });
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("td.cell.changed"))).isEmpty());
    }

    @Test
    @Order(2)
    void aDeployFromOutsideAppearsWithoutAReloadAndItsChangedTagIsHighlighted() throws Exception {
        browser.executeScript("window.__sameDocument = true;");
        CliRun run = clusters.digitctl("deploy", "-e", "e2e", "egovio/egov-user:" + NEW_TAG);
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> NEW_TAG.equals(tag("egov-user", "e2e")));
        // the table is redrawn whenever the overview changes (the rollout goes on): read it again until it holds still
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
            assertThat(cell("egov-user", "e2e").getAttribute("class")).contains("changed");
            assertThat(cell("egov-user", "dev").getAttribute("class")).doesNotContain("changed");
            assertThat(cell("pgr-services", "e2e").getAttribute("class")).doesNotContain("changed");
            assertThat(cell("egov-user", "e2e").getCssValue("background-color")).isNotEqualTo(cell("egov-user", "dev").getCssValue("background-color"));
        });
        assertThat(browser.executeScript("return window.__sameDocument === true;")).as("the page was not reloaded").isEqualTo(true);
        String screenshot = System.getProperty("digitctl.screenshot");
        if (screenshot != null && !screenshot.isBlank()) {
            Path png = Path.of(screenshot);
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    @Order(3)
    void aRollbackWithoutTheTokenIsNotAllowedAndWithItChangesTheCluster() {
        browser.get(server.url() + "#/service/egov-user");
        By rollback = By.cssSelector("button.rollback[data-env='e2e'][data-revision='1']");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(rollback).isDisplayed());
        browser.findElement(rollback).click();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("message")).getText().contains("Not allowed"));
        assertThat(clusters.image("e2e", "egov-user")).endsWith(NEW_TAG);

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("token-save")).click();
        browser.findElement(rollback).click();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> browser.findElement(By.id("action-state")).getText().equals("succeeded"));
        assertThat(browser.findElement(By.id("progress")).getText()).contains("egov-user").contains("rolled back");
        assertThat(clusters.image("e2e", "egov-user")).endsWith("v1.2.8-9fde481-19");
    }

    @Test
    @Order(4)
    void theEnvironmentAndServicePagesShowDeploysConformanceAndDiffs() {
        browser.get(server.url() + "#/env/e2e");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("deploys")).isDisplayed());
        assertThat(browser.findElement(By.id("deploys")).getText()).contains(System.getProperty("user.name") + "@");
        browser.findElements(By.tagName("button")).stream().filter(b -> b.getText().equals("Compare")).findFirst().orElseThrow().click();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("conformance")).getText().contains("pgr-services"));

        browser.get(server.url() + "#/service/egov-user");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("diff-show")).isDisplayed());
        browser.executeScript("document.getElementById('diff-from').value = 'e2e:2'; document.getElementById('diff-to').value = 'e2e:3';");
        browser.findElement(By.id("diff-show")).click();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> browser.findElement(By.id("diff")).getText().contains("+        image: library/nginx:v1.2.8-9fde481-19"));
    }
}
