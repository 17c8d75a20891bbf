package org.btrfssendbackup.ops.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.btrfssendbackup.core.files.FileTrees;
import org.btrfssendbackup.core.testing.SystemTests;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through Debian's chromedriver, both named by path so that Selenium
 * Manager never looks for (or downloads) a browser or driver of its own. The flags keep chromium
 * quiet on a closed network (no background fetches, updates, sync or QUIC) and let it run as
 * root without a GPU; each browser gets a fresh profile directory, deleted on {@link #close()}.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the browser test writes its screenshots (the module's target/, so `mvn clean` removes them). */
    static final Path SCREENSHOTS = Path.of("target", "web-screenshots");

    private final Path profile;
    private final ChromeDriver driver;

    private HeadlessChromium(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    /** Both programs must be installed (ops/install-test-deps.sh): fails instead of skipping when system tests are required. */
    static void assumeInstalled() {
        SystemTests.assumeTool("chromium");
        SystemTests.assumeTool("chromedriver");
    }

    /** The flags besides the profile directory; extra ones (e.g. --ignore-certificate-errors) are appended. */
    static List<String> arguments(Path profile, String... extra) {
        List<String> arguments = new java.util.ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    static HeadlessChromium start(String... extraArguments) throws IOException {
        Path profile = Files.createTempDirectory("btrfs-backup-web-chromium-");
        try {
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                    .withTimeout(Duration.ofSeconds(30)).build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(arguments(profile, extraArguments));
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(profile, driver);
        } catch (RuntimeException | Error e) {
            FileTrees.deleteTree(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Writes what the browser shows as target/web-screenshots/NAME.png; returns the file. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            FileTrees.deleteTree(profile);
        }
    }
}
