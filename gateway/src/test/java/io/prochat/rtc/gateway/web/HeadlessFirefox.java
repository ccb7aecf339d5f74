package io.prochat.rtc.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real headless Firefox (Debian's {@code firefox-esr}) driven over WebDriver BiDi, which Firefox speaks itself
 * ({@code --remote-debugging-port}), so no geckodriver is needed (Debian does not package it). A fresh profile with
 * fake camera and microphone, no permission prompts, host candidates not hidden behind mDNS (loopback candidates
 * asked for too, though this Firefox gathers none: for media, {@link #start(TestNetns)} runs it in a namespace).
 * Only what the join page's test needs: open a URL, run a script, click an element, size the viewport, take a
 * screenshot. {@link #close()} kills the browser and deletes the profile.
 */
final class HeadlessFirefox implements AutoCloseable {
    static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    static final Path SOCAT = Path.of("/usr/bin/socat");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REPLY = Duration.ofSeconds(30);

    private final Process process;
    private final Process relay; // these two null unless Firefox runs in a namespace
    private final Process inner;
    private final Path profile;
    private final WebSocket ws;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String context;

    static boolean isAvailable() {
        return Files.isExecutable(FIREFOX);
    }

    /** Whether Firefox can also run in a {@link TestNetns}: socat relays its BiDi endpoint out of the namespace. */
    static boolean isAvailableInNamespace() {
        return isAvailable() && Files.isExecutable(SOCAT) && TestNetns.isAvailable();
    }

    private HeadlessFirefox(Process process, Process relay, Process inner, Path profile, HttpClient http, int port)
            throws Exception {
        this.process = process;
        this.relay = relay;
        this.inner = inner;
        this.profile = profile;
        WebSocket socket = null;
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (socket == null) {
            try {
                socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/session"),
                        new Listener()).get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                boolean relayDown = relay != null && !(relay.isAlive() && inner.isAlive());
                if (System.nanoTime() > end || !process.isAlive() || relayDown) {
                    throw new IllegalStateException("Firefox's WebDriver BiDi endpoint did not open", e);
                }
                Thread.sleep(250); // Firefox is still starting: poll its port
            }
        }
        this.ws = socket;
        send("session.new", JSON.createObjectNode().set("capabilities", JSON.createObjectNode()));
        this.context = send("browsingContext.getTree", JSON.createObjectNode()).at("/contexts/0/context").asText();
    }

    static HeadlessFirefox start() {
        return start(null);
    }

    /**
     * Firefox inside {@code ns} (when not null), so its only interface besides loopback is the namespace's veth end:
     * it gathers that address as its host candidate. Firefox's BiDi endpoint listens on the namespace's loopback only,
     * so two socats relay it to the host's loopback, through a Unix socket. Pages from the
     * host's veth address are plain HTTP on a non-loopback address: that origin is allowed camera and microphone.
     */
    static HeadlessFirefox start(TestNetns ns) {
        Path profile = null;
        Process relay = null;
        Process inner = null;
        try {
            profile = Files.createTempDirectory("prochat-firefox-");
            Files.writeString(profile.resolve("user.js"), String.join("\n",
                    "user_pref(\"media.navigator.streams.fake\", true);",
                    "user_pref(\"media.navigator.permission.disabled\", true);",
                    "user_pref(\"media.peerconnection.ice.loopback\", true);",
                    "user_pref(\"media.peerconnection.ice.obfuscate_host_addresses\", false);",
                    "user_pref(\"media.autoplay.default\", 0);",
                    "user_pref(\"media.autoplay.blocking_policy\", 0);",
                    "user_pref(\"media.volume_scale\", \"0.0\");",
                    "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
                    "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
                    "user_pref(\"toolkit.telemetry.reportingpolicy.firstRun\", false);",
                    "user_pref(\"app.update.auto\", false);",
                    "user_pref(\"network.captive-portal-service.enabled\", false);",
                    "user_pref(\"network.connectivity-service.enabled\", false);",
                    ns == null ? "" : "user_pref(\"dom.securecontext.allowlist\", \"" + ns.hostAddress() + "\");",
                    ns == null ? "" : "user_pref(\"media.devices.insecure.enabled\", true);",
                    ns == null ? "" : "user_pref(\"media.getusermedia.insecure.enabled\", true);",
                    "") + "\n");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = List.of(FIREFOX.toString(), "--headless", "--no-remote", "--profile",
                    profile.toString(), "--remote-debugging-port", String.valueOf(port), "--remote-allow-hosts",
                    "127.0.0.1", "about:blank");
            Process p = new ProcessBuilder(ns == null ? command : ns.exec(command))
                    .redirectErrorStream(true).redirectOutput(profile.resolve("firefox.log").toFile())
                    .start();
            try {
                if (ns != null) {
                    // Firefox answers only a Host of 127.0.0.1 (its own loopback, in the namespace): relay the host's
                    // 127.0.0.1:port to it through a Unix socket in the profile, which both sides see
                    String sock = profile.resolve("bidi.sock").toString();
                    inner = new ProcessBuilder(ns.exec(List.of(SOCAT.toString(), "UNIX-LISTEN:" + sock + ",fork",
                            "TCP:127.0.0.1:" + port)))
                            .redirectErrorStream(true).redirectOutput(profile.resolve("socat-ns.log").toFile()).start();
                    relay = new ProcessBuilder(SOCAT.toString(),
                            "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", "UNIX-CONNECT:" + sock)
                            .redirectErrorStream(true).redirectOutput(profile.resolve("socat.log").toFile()).start();
                }
                return new HeadlessFirefox(p, relay, inner, profile, HttpClient.newHttpClient(), port);
            } catch (Exception e) {
                destroy(relay);
                destroy(inner);
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw e;
            }
        } catch (Exception e) {
            if (profile != null) {
                deleteQuietly(profile);
            }
            throw new IllegalStateException("Firefox did not start: " + e, e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> f = m.has("id") ? pending.remove(m.get("id").asInt()) : null;
                    if (f != null) {
                        f.complete(m);
                    }
                } catch (IOException e) {
                    // not ours to answer
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    /** One BiDi command; its result, or an exception carrying Firefox's error. */
    JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
        m.set("params", params);
        ws.sendText(m.toString(), true).join();
        try {
            JsonNode reply = f.get(REPLY.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + ": " + reply.path("error").asText() + ": "
                        + reply.path("message").asText());
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(method + ": no answer", e);
        }
    }

    /** Runs {@code functionDeclaration} (e.g. {@code "() => {...}"}) in every page before the page's own scripts. */
    void preload(String functionDeclaration) {
        send("script.addPreloadScript", JSON.createObjectNode().put("functionDeclaration", functionDeclaration));
    }

    void open(String url) {
        send("browsingContext.navigate", JSON.createObjectNode().put("context", context).put("url", url)
                .put("wait", "complete"));
    }

    /** Evaluates {@code expression} (a promise is awaited); its value as a string ("" for undefined). */
    String eval(String expression) {
        ObjectNode p = JSON.createObjectNode().put("expression", expression).put("awaitPromise", true);
        p.set("target", JSON.createObjectNode().put("context", context));
        JsonNode r = send("script.evaluate", p);
        if ("exception".equals(r.path("type").asText())) {
            throw new IllegalStateException("script failed: " + r.path("exceptionDetails").path("text").asText());
        }
        return r.at("/result/value").asText("");
    }

    /** A mouse click in the middle of the element {@code selector} finds, as a person would click it. */
    void click(String selector) {
        JsonNode box;
        try {
            box = JSON.readTree(eval("(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
                    + ").getBoundingClientRect(); return JSON.stringify({x: r.x + r.width / 2, y: r.y + r.height / 2}); })()"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode p = JSON.createObjectNode().put("context", context);
        var source = p.putArray("actions").addObject().put("type", "pointer").put("id", "mouse");
        var acts = source.putArray("actions");
        acts.addObject().put("type", "pointerMove").put("x", (int) box.path("x").asDouble()).put("y", (int) box.path("y").asDouble());
        acts.addObject().put("type", "pointerDown").put("button", 0);
        acts.addObject().put("type", "pointerUp").put("button", 0);
        send("input.performActions", p);
    }

    void viewport(int width, int height) {
        ObjectNode p = JSON.createObjectNode().put("context", context);
        p.putObject("viewport").put("width", width).put("height", height);
        send("browsingContext.setViewport", p);
    }

    byte[] screenshot() {
        return Base64.getDecoder().decode(send("browsingContext.captureScreenshot",
                JSON.createObjectNode().put("context", context)).path("data").asText());
    }

    @Override
    public void close() {
        try {
            ws.abort();
        } catch (RuntimeException e) {
            // gone already
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        destroy(relay);
        destroy(inner);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(profile);
    }

    private static void destroy(Process p) {
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp dir left behind is harmless
        }
    }
}
