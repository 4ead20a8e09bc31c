package io.digitctl.web;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.time.Duration;
import java.util.List;

/** Debian's headless chromium through its chromedriver; the test is skipped, saying why, when either is missing. */
final class Browser {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Browser() {
    }

    /** The executable named by a system property, else the first of the usual places that exists; null when none. */
    private static String find(String property, List<String> places) {
        String given = System.getProperty(property);
        List<String> candidates = given != null && !given.isBlank() ? List.of(given) : places;
        return candidates.stream().filter(p -> new File(p).canExecute()).findFirst().orElse(null);
    }

    /** Why the browser tests cannot run here, or null when chromium and chromedriver are both found. */
    static String missing() {
        String chromium = find("digitctl.chromium", CHROMIUM);
        String driver = find("digitctl.chromedriver", DRIVER);
        if (chromium != null && driver != null) {
            return null;
        }
        return "Skipped: the browser tests need Debian's chromium and chromium-driver"
                + " (apt-get install chromium chromium-driver; .ci/run installs them). Missing: "
                + (chromium == null ? "chromium (" + CHROMIUM + " or -Ddigitctl.chromium) " : "")
                + (driver == null ? "chromedriver (" + DRIVER + " or -Ddigitctl.chromedriver)" : "");
    }

    static ChromeDriver start() {
        String chromium = find("digitctl.chromium", CHROMIUM);
        String driver = find("digitctl.chromedriver", DRIVER);
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
