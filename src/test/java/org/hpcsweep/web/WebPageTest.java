package org.hpcsweep.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hpcsweep.service.HpcSweepService;
import org.hpcsweep.service.TestStudies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The service's web page in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/install-chromium.sh} installs): a study zip submitted
 * through the page's file input runs on the embedded local platform, the page follows it by itself
 * (no reload) until it is reported, and then shows both jobs succeeded and the three charts. And a
 * token the service refuses is asked for again.
 *
 * <p>The finished page is saved as {@code target/web-page-test/service-page.png}; with
 * {@code -Dhpcsweep.docs.screenshot=true} it also replaces {@code docs/service-page.png}, the picture
 * in docs/service.md (kept out of ordinary runs so that tests do not rewrite a committed file).
 */
class WebPageTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path ARTIFACTS = Path.of("target/web-page-test");
    private static final Duration STUDY_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    static HpcSweepService service;
    static String pageUrl;
    static String token;
    private ChromeDriver driver;

    private static boolean chromiumPresent() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @BeforeAll
    static void startService() throws Exception {
        if (!chromiumPresent()) {
            return; // each test says why it is skipped (an assumption here would hide the reason in surefire's report)
        }
        Files.createDirectories(ARTIFACTS);
        int port = freeLoopbackPort();
        Path tokenFile = dir.resolve("api-token");
        service = HpcSweepService.start(TestStudies.settings(dir, Map.of(
                "hpcsweep.api.enabled", "true",
                "hpcsweep.api.host", "127.0.0.1",
                "hpcsweep.api.port", Integer.toString(port),
                "hpcsweep.api.token-file", tokenFile.toString(),
                "hpcsweep.api.uploads", dir.resolve("api-uploads").toString())));
        String fromEnv = System.getenv("HPCSWEEP_API_TOKEN");
        token = fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        pageUrl = "http://127.0.0.1:" + port + "/";
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is absent: WebPageTest needs /usr/bin/chromium and /usr/bin/chromedriver "
                        + "(Debian packages chromium and chromium-driver; .ci/install-chromium.sh installs them as root)");
        driver = startChromium(Files.createTempDirectory(dir, "chromium-profile-"));
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Timeout(180)
    void should_run_a_study_submitted_through_the_page_and_show_its_jobs_and_charts() throws Exception {
        // The sleep keeps the study running for a few of the page's 2 s refreshes; workload.sh times
        // only its own arithmetic, so the charts still show the speedup of 1 vs 2 processes.
        Path zip = TestStudies.shellStudy(dir, "shell-scaling.zip", """
                name: shell-scaling
                processors: [1, 2]
                job:
                  name: "shell-scaling p={procs}"
                  command: "sleep 3; bash workload.sh {procs} 10000000"
                  walltime: 0.1
                """);
        try {
            runThroughThePage(zip);
        } catch (Throwable failure) {
            saveScreenshot(driver, ARTIFACTS.resolve("failure.png"));
            throw failure;
        }
    }

    @Test
    @Timeout(60)
    void should_ask_again_for_a_token_the_service_refused() {
        JavascriptExecutor js = driver;
        driver.get(pageUrl + "#token=not-the-token");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(250));
        wait.withMessage(() -> "page message '" + text(driver, "message") + "'");
        wait.until(d -> text(d, "message").contains("token"));
        // A reload asks for the token (it is not kept once refused) and, given the right one, the page works.
        driver.navigate().refresh();
        Alert prompt = wait.withMessage(() -> "no prompt for the token after a reload; page message '" + text(driver, "message") + "'")
                .until(ExpectedConditions.alertIsPresent());
        assertTrue(prompt.getText().contains("token"), prompt.getText());
        prompt.sendKeys(token);
        prompt.accept();
        wait.withMessage(() -> "page message '" + text(driver, "message") + "', updated '" + text(driver, "refreshed") + "'");
        wait.until(d -> text(d, "refreshed").startsWith("updated") && text(d, "message").isEmpty());
        assertEquals(token, js.executeScript("return sessionStorage.getItem('hpcsweep-token');"));
    }

    private void runThroughThePage(Path zip) throws IOException {
        JavascriptExecutor js = driver;
        driver.get(pageUrl + "#token=" + token);
        // The page keeps the token in sessionStorage and takes it out of the address at once.
        assertFalse(driver.getCurrentUrl().contains(token), "the token is left in the address: " + driver.getCurrentUrl());
        // A mark on this document: still there at the end means the page never reloaded.
        js.executeScript("window.__sameDocument = 'hpcsweep-webtest';");

        driver.findElement(By.id("zip")).sendKeys(zip.toAbsolutePath().toString());
        driver.findElement(By.id("submit")).click();

        // Watch the study's row as the page redraws it every 2 s; the row is read in one script call so
        // a redraw in between cannot tear it.
        List<String> progressSeen = new ArrayList<>();
        Set<String> refreshedSeen = new LinkedHashSet<>();
        WebDriverWait wait = new WebDriverWait(driver, STUDY_TIMEOUT, Duration.ofMillis(250));
        wait.withMessage(() -> "the study did not reach REPORTED 2/2 within " + STUDY_TIMEOUT.toSeconds() + " s; progress seen "
                + progressSeen + "; page message '" + text(driver, "message") + "'");
        @SuppressWarnings("unchecked")
        Map<String, Object> finalRow = wait.until(d -> {
            Map<String, Object> row = (Map<String, Object>) js.executeScript("""
                    const row = [...document.querySelectorAll('#studies tbody tr.study')]
                        .find(r => r.cells[0].textContent === 'shell-scaling');
                    return row ? { runId: row.dataset.runId, phase: row.cells[2].textContent,
                                   progress: row.querySelector('td.progress').textContent.trim(),
                                   refreshed: document.getElementById('refreshed').textContent } : null;""");
            if (row == null) {
                return null;
            }
            String seen = row.get("phase") + " " + row.get("progress");
            if (progressSeen.isEmpty() || !progressSeen.get(progressSeen.size() - 1).equals(seen)) {
                progressSeen.add(seen);
            }
            refreshedSeen.add((String) row.get("refreshed"));
            return ((String) row.get("phase")).startsWith("REPORTED") && ((String) row.get("progress")).startsWith("2/2") ? row : null;
        });
        String runId = (String) finalRow.get("runId");
        System.out.println("WebPageTest: the page showed run " + runId + " as " + progressSeen + ", refreshed at " + refreshedSeen);
        assertEquals("2/2 (2 ok)", finalRow.get("progress"), "progress of " + runId);
        assertEquals("REPORTED · succeeded", finalRow.get("phase"), "a run whose jobs all succeeded says so");

        // Live page: the row changed under our eyes (it was seen unfinished first), the 'updated' time
        // moved on, and it is still the document we opened.
        assertTrue(progressSeen.size() >= 2 && !progressSeen.get(0).startsWith("REPORTED"),
                "the row should be seen unfinished before it is reported, without a reload: " + progressSeen);
        assertTrue(refreshedSeen.size() >= 2, "'updated' time should move on: " + refreshedSeen);
        assertEquals("hpcsweep-webtest", js.executeScript("return window.__sameDocument;"), "the page was reloaded");

        // The detail of the selected (just submitted) run: both jobs succeeded, with their times.
        WebDriverWait shortWait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(250));
        shortWait.ignoring(StaleElementReferenceException.class);
        shortWait.withMessage(() -> "job rows: " + jobRows(driver) + "; title '" + text(driver, "detail-title") + "'");
        shortWait.until(d -> text(d, "detail-title").contains(runId + " (REPORTED)") && jobRows(d).size() == 2
                && jobRows(d).stream().allMatch(r -> r.get(5).equals("SUCCEEDED")));
        List<List<String>> jobs = jobRows(driver);
        assertEquals(List.of("1", "2"), jobs.stream().map(r -> r.get(2)).toList(), "procs column: " + jobs);
        for (List<String> job : jobs) {
            assertTrue(Double.parseDouble(job.get(6)) > 0, "seconds of " + job);
            assertTrue(job.get(4).startsWith("Completed"), "platform status of " + job);
            assertTrue(job.get(7).endsWith("Completed"), "status history of " + job);
        }

        // The three charts, fetched with the token and shown as images.
        shortWait.withMessage(() -> "charts: " + js.executeScript("""
                return [...document.querySelectorAll('#charts img')].map(i => i.id + ' ' + i.complete + ' ' + i.naturalWidth);"""));
        for (String chart : List.of("chart-speedup", "chart-efficiency", "chart-comptime")) {
            shortWait.until(d -> {
                List<WebElement> found = d.findElements(By.id(chart));
                return !found.isEmpty() && found.get(0).isDisplayed() && ((Number) js.executeScript(
                        "return arguments[0].complete ? arguments[0].naturalWidth : 0;", found.get(0))).intValue() > 0;
            });
            WebElement image = driver.findElement(By.id(chart));
            assertEquals(800L, ((Number) js.executeScript("return arguments[0].naturalWidth;", image)).longValue(), chart);
            assertTrue(image.getSize().getWidth() > 100, chart + " is drawn at " + image.getSize());
        }
        assertEquals("", text(driver, "message"), "the page reports an error");
        openReportLink(runId);

        Path shot = saveScreenshot(driver, ARTIFACTS.resolve("service-page.png"));
        if (Boolean.getBoolean("hpcsweep.docs.screenshot")) {
            Files.createDirectories(Path.of("docs"));
            Files.copy(shot, Path.of("docs/service-page.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The report.html link opens the report in a new tab: the session cookie, not a token in the URL, lets it through. */
    private void openReportLink(String runId) {
        String page = driver.getWindowHandle();
        WebElement report = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(250))
                .until(d -> d.findElements(By.linkText("report.html")).stream().findFirst().orElse(null));
        assertFalse(report.getAttribute("href").contains(token), "the token is in a link: " + report.getAttribute("href"));
        report.click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(250));
        String tab = wait.until(d -> d.getWindowHandles().stream().filter(h -> !h.equals(page)).findFirst().orElse(null));
        driver.switchTo().window(tab);
        try {
            wait.withMessage(() -> "the report tab shows '" + driver.getTitle() + "' at " + driver.getCurrentUrl());
            wait.until(d -> d.getTitle().startsWith("Scaling report"));
            assertTrue(driver.getCurrentUrl().endsWith("/api/studies/" + runId + "/files/report.html"), driver.getCurrentUrl());
        } finally {
            driver.close();
            driver.switchTo().window(page);
        }
    }

    @Test
    @Timeout(120)
    void should_cancel_a_running_study_with_its_button_and_show_it_cancelled() throws Exception {
        Path zip = TestStudies.shellStudy(dir, "to-cancel.zip", """
                name: to-cancel
                processors: [1]
                job:
                  command: "sleep 60"
                """);
        driver.get(pageUrl + "#token=" + token);
        driver.findElement(By.id("zip")).sendKeys(zip.toAbsolutePath().toString());
        driver.findElement(By.id("submit")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(250));
        wait.ignoring(StaleElementReferenceException.class);
        // Cancelled once its job runs: one stopped while the platform is still starting it may run to its end.
        wait.withMessage(() -> "the job never ran; jobs " + jobRows(driver) + ", page message '" + text(driver, "message") + "'");
        wait.until(d -> text(d, "detail-title").startsWith("to-cancel") && jobRows(d).size() == 1
                && jobRows(d).get(0).get(7).contains("Executing"));
        WebElement cancel = driver.findElement(By.id("cancel"));
        assertTrue(cancel.isDisplayed(), "a running study has a cancel button");
        cancel.click();
        wait.withMessage(() -> "not shown cancelled: " + phaseOf(driver, "to-cancel") + "; message '" + text(driver, "message") + "'");
        wait.until(d -> "REPORTED · cancelled".equals(phaseOf(d, "to-cancel")));
        wait.until(d -> !d.findElement(By.id("cancel")).isDisplayed());
        assertEquals("", text(driver, "message"));
    }

    @Test
    @Timeout(60)
    void should_fit_a_390_px_wide_phone_and_name_its_viewport_and_icon() throws Exception {
        // A reported study first, whatever ran before: its rows, links and charts are what could be too wide.
        service.submit(TestStudies.shellStudy(dir, "phone.zip", "name: phone\nprocessors: [1]\njob: {command: \"bash workload.sh {procs} 1000\"}\n"))
                .completion().get(45, java.util.concurrent.TimeUnit.SECONDS);
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(pageUrl + "#token=" + token);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(250));
        wait.until(d -> text(d, "refreshed").startsWith("updated") && !d.findElements(By.linkText("report.html")).isEmpty());
        JavascriptExecutor js = driver;
        assertEquals(390L, ((Number) js.executeScript("return window.innerWidth;")).longValue(), "the viewport's width");
        assertEquals("width=device-width, initial-scale=1",
                js.executeScript("return document.querySelector('meta[name=viewport]').content;"));
        assertTrue(((String) js.executeScript("return document.querySelector('link[rel=icon]').href;")).startsWith("data:image/svg+xml"));
        Number overflow = (Number) js.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertTrue(overflow.intValue() <= 0, "the page scrolls sideways by " + overflow + " px at 390 px; too wide: " + js.executeScript("""
                return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth
                        && !e.closest('.scroll'))
                    .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));"""));
    }

    @Test
    @Timeout(60)
    void should_keep_an_error_until_it_is_dismissed() {
        driver.get(pageUrl + "#token=" + token);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(250));
        wait.until(d -> text(d, "refreshed").startsWith("updated"));
        driver.findElement(By.id("submit")).click(); // no zip chosen
        String first = text(driver, "refreshed");
        wait.until(d -> !text(d, "refreshed").equals(first)); // a refresh that worked came after the error
        assertTrue(text(driver, "message").startsWith("choose a study zip first"), text(driver, "message"));
        driver.findElement(By.id("dismiss")).click();
        assertEquals("", text(driver, "message"));
    }

    private static String phaseOf(org.openqa.selenium.WebDriver driver, String study) {
        Object phase = ((JavascriptExecutor) driver).executeScript("""
                const row = [...document.querySelectorAll('#studies tbody tr.study')].find(r => r.cells[0].textContent === arguments[0]);
                return row ? row.cells[2].textContent : null;""", study);
        return phase == null ? null : phase.toString();
    }

    private static ChromeDriver startChromium(Path profile) throws IOException {
        // Debian's browser and its matching driver, named outright: Selenium Manager is skipped and,
        // should anything still call it, told to stay offline (SE_* properties go to it as environment).
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(ARTIFACTS.resolve("chromedriver-" + profile.getFileName() + ".log").toString()))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // A 1280 x 900 viewport (what the screenshot shows): the window is that plus its own frame.
        driver.manage().window().setSize(new Dimension(1280, 900));
        @SuppressWarnings("unchecked")
        List<Number> inner = (List<Number>) driver.executeScript("return [window.innerWidth, window.innerHeight];");
        driver.manage().window().setSize(new Dimension(1280 + 1280 - inner.get(0).intValue(), 900 + 900 - inner.get(1).intValue()));
        return driver;
    }

    private static Path saveScreenshot(ChromeDriver driver, Path file) throws IOException {
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> jobRows(org.openqa.selenium.WebDriver driver) {
        return (List<List<String>>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#jobs tbody tr.job')].map(r => [...r.cells].map(c => c.textContent));");
    }

    private static String text(org.openqa.selenium.WebDriver driver, String id) {
        Object value = ((JavascriptExecutor) driver).executeScript(
                "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", id);
        return value == null ? "" : value.toString();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
