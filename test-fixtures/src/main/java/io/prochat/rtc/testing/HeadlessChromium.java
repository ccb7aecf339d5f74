package io.prochat.rtc.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code /usr/bin/chromium}) driven through Debian's {@code /usr/bin/chromedriver}
 * with Selenium, for WebRTC interop tests on loopback.
 *
 * <p>Fake camera and microphone, permission prompts auto-accepted, loopback candidates allowed and not hidden behind
 * mDNS, background networking off, a fresh profile directory per instance, Selenium Manager never consulted
 * (explicit driver, {@code SE_OFFLINE}). Results are read through WebDriver (the page's title or a script), because
 * {@code --dump-dom} runs before WebRTC does. {@link #close()} quits the browser, stops the driver, kills any process
 * still using this instance's profile directory, and deletes it. Use one instance at a time: tests share 2 cores.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private volatile boolean killed;

    private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Whether Chromium and its driver are installed here. */
    public static boolean isAvailable() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** The flags every instance gets (without the profile directory). */
    public static List<String> flags() {
        return List.of(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection",
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--autoplay-policy=no-user-gesture-required",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--metrics-recording-only",
                "--mute-audio");
    }

    /** Starts chromedriver and a browser session (about 3 s). */
    public static HeadlessChromium start() {
        return start(List.of());
    }

    /** As {@link #start()}, with more flags (several pages in one browser need background throttling off). */
    public static HeadlessChromium start(List<String> extraFlags) {
        if (!isAvailable()) {
            throw new IllegalStateException("chromium or chromedriver missing at " + CHROMIUM + ", " + CHROMEDRIVER);
        }
        System.setProperty("SE_OFFLINE", "true");
        Path profile;
        Path tmp;
        try {
            profile = Files.createTempDirectory("prochat-chromium-");
            tmp = Files.createDirectory(profile.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // TMPDIR inside the profile: Chromium's own temp files (shared memory under --disable-dev-shm-usage) go
        // there too, so even a killed browser leaves nothing behind once close() deletes the directory.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withEnvironment(Map.of("SE_OFFLINE", "true", "TMPDIR", tmp.toString()))
                .withSilent(true)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(flags());
        options.addArguments(extraFlags);
        options.addArguments("--user-data-dir=" + profile.resolve("profile"));
        try {
            service.start();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            return new HeadlessChromium(profile, service, driver);
        } catch (IOException | RuntimeException e) {
            service.stop();
            killProfileProcesses(profile);
            deleteQuietly(profile);
            throw e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String title() {
        return driver.getTitle();
    }

    /** Runs a script in the page and returns its result ({@code return ...;}). */
    public Object eval(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Polls the page title until it satisfies {@code done} or the timeout passes; returns the last title seen. */
    public String awaitTitle(Predicate<String> done, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        String title = title();
        while (!done.test(title) && Instant.now().isBefore(end)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            title = title();
        }
        return title;
    }

    /**
     * Kills the browser's processes abruptly (SIGKILL), as a crashed or unplugged peer: no close_notify, no ICE
     * goodbye. The driver session is dead afterwards; {@link #close()} still cleans up.
     */
    public void kill() {
        killed = true;
        killProfileProcesses(profile);
    }

    @Override
    public void close() {
        try {
            if (!killed) {
                driver.quit();
            }
        } catch (RuntimeException e) {
            // the browser is gone already
        } finally {
            service.stop();
            killProfileProcesses(profile);
            deleteQuietly(profile);
        }
    }

    /** Only processes whose command line names this instance's fresh profile directory: never anything else. */
    private static void killProfileProcesses(Path root) {
        String marker = "--user-data-dir=" + root.resolve("profile");
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> Stream.of(args).anyMatch(marker::equals)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp dir left behind is harmless
        }
    }
}
