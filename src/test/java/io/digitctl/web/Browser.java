package io.digitctl.web;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's headless chromium through its chromedriver; the test is skipped, saying why, when either is missing. */
final class Browser {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Browser() {
    }

    static ChromeDriver start() {
        String chromium = System.getProperty("digitctl.chromium", CHROMIUM.stream().filter(p -> new File(p).canExecute()).findFirst().orElse(null));
        String driver = System.getProperty("digitctl.chromedriver", DRIVER.stream().filter(p -> new File(p).canExecute()).findFirst().orElse(null));
        assumeTrue(chromium != null && driver != null, "Skipped: the browser tests need Debian's chromium and chromium-driver"
                + " (apt-get install chromium chromium-driver; .ci/run installs them). Missing: "
                + (chromium == null ? "chromium (" + CHROMIUM + ") " : "") + (driver == null ? "chromedriver (" + DRIVER + ")" : ""));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1000,760",
                "--no-first-run", "--disable-extensions", "--disable-background-networking");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ZERO);
        return browser;
    }
}
