package io.prochat.rtc.testing.calls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.prochat.rtc.testing.HeadlessChromium;

/**
 * One headless Chromium showing the Calls client harness page, served from a loopback HTTP server, hosting any number
 * of {@link CallsClientPage}s (each an independent RTCPeer with its own microphone and screen track). Several clients
 * in one page cost one renderer process, which is what makes three or more clients affordable on two cores; clients
 * that must not share a browser (a crash, a killed process) take a {@code CallsBrowser} each.
 *
 * <p>Every page call goes through one lock, so any thread may use any client; calls are WebDriver round trips of a
 * few milliseconds. {@link #close()} destroys the clients and quits the browser.
 */
public final class CallsBrowser implements AutoCloseable {
    /** Timers of a hidden page must keep running: RTCPeer pings on its data channel every second. */
    static final List<String> FLAGS = List.of(
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows");

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpServer http;
    private final HeadlessChromium chromium;
    private final List<CallsClientPage> clients = new ArrayList<>();

    private CallsBrowser(HttpServer http, HeadlessChromium chromium) {
        this.http = http;
        this.chromium = chromium;
    }

    /** Whether Chromium, chromedriver, node and npm are all here. */
    public static boolean isAvailable() {
        return missing().isEmpty();
    }

    /** What is missing for {@link #start()}, for a test's skip message ("" when nothing is). */
    public static String missing() {
        List<String> missing = new ArrayList<>();
        if (!HeadlessChromium.isAvailable()) {
            missing.add("chromium + chromedriver at " + HeadlessChromium.CHROMIUM + ", " + HeadlessChromium.CHROMEDRIVER);
        }
        if (!CallsClientBundle.toolsAvailable()) {
            missing.add("node + npm on the PATH (to fetch and bundle @mattermost/calls-common)");
        }
        return String.join("; ", missing);
    }

    /** Builds the bundle if needed, starts the page server and Chromium, and waits for the harness to load. */
    public static CallsBrowser start() {
        Path dir = CallsClientBundle.directory();
        HttpServer http = serve(dir);
        HeadlessChromium chromium = null;
        try {
            chromium = HeadlessChromium.start(FLAGS);
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/" + CallsClientBundle.PAGE;
            chromium.open(url);
            String title = chromium.awaitTitle(t -> t.endsWith("ready"), Duration.ofSeconds(20));
            if (!title.endsWith("ready")) {
                throw new IllegalStateException("harness page " + url + " did not load: title '" + title + "'");
            }
            return new CallsBrowser(http, chromium);
        } catch (RuntimeException e) {
            if (chromium != null) {
                chromium.close();
            }
            http.stop(0);
            throw e;
        }
    }

    /** A new client in this page: creates its RTCPeer at once, so its first offer is already queued or about to be. */
    public CallsClientPage newClient(String name, ClientOptions options) {
        call("create", name, options.toScriptArgument());
        CallsClientPage page = new CallsClientPage(this, name);
        synchronized (this) {
            clients.add(page);
        }
        return page;
    }

    /** The browser, for what the harness does not cover (a screenshot, {@link HeadlessChromium#kill()}). */
    public HeadlessChromium chromium() {
        return chromium;
    }

    /** Calls {@code callsHarness.<function>(args…)} in the page and parses the JSON it returns. */
    synchronized JsonNode call(String function, Object... args) {
        Object result = chromium.eval("return window.callsHarness." + function + "(...arguments);", args);
        if (!(result instanceof String s)) {
            throw new IllegalStateException("callsHarness." + function + " returned " + result);
        }
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void forget(CallsClientPage page) {
        clients.remove(page);
    }

    @Override
    public void close() {
        try {
            for (CallsClientPage c : List.copyOf(clients)) {
                try {
                    c.destroy();
                } catch (RuntimeException e) {
                    // the browser may be gone already
                }
            }
        } finally {
            chromium.close();
            http.stop(0);
        }
    }

    private static HttpServer serve(Path dir) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Map<String, String> types = Map.of(
                    CallsClientBundle.PAGE, "text/html; charset=utf-8",
                    CallsClientBundle.SCRIPT, "text/javascript; charset=utf-8");
            server.createContext("/", exchange -> {
                String name = exchange.getRequestURI().getPath().substring(1);
                String type = types.get(name);
                if (type == null) {
                    respond(exchange, 404, "text/plain", new byte[0]);
                } else {
                    respond(exchange, 200, type, Files.readAllBytes(dir.resolve(name)));
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
