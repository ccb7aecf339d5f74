package io.prochat.rtc.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * WebRTC peers of a second stack, Pion (Go), beside Chromium: the small Go program in {@code interop/pion-client},
 * built once per test JVM from Debian's Go packages ({@code golang-go}, {@code golang-github-pion-webrtc.v3-dev}: the
 * sources under {@code /usr/share/gocode}, GOPATH mode, nothing downloaded) into the module's {@code target/}, and
 * run as one process that holds any number of peer connections. This class speaks its line protocol (JSON over
 * stdin/stdout, see {@code main.go}); the signalling with the server (HTTP, WebSocket) is the caller's.
 */
public final class PionClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOCODE = Path.of("/usr/share/gocode");
    private static final Path GO = Path.of("/usr/bin/go");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static Path built;

    private final Process process;
    private final OutputStream stdin;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread reader;
    private final Thread errors;
    private final Path log;

    /** Whether Go and Debian's Pion sources are installed. */
    public static boolean isAvailable() {
        return Files.isExecutable(GO) && Files.isRegularFile(GOCODE.resolve("src/github.com/pion/webrtc/go.mod"));
    }

    /**
     * The client binary, built on first use in this JVM into {@code target/pion-client/}. Debian's packages are
     * GOPATH sources; Go resolves their {@code /v3} import paths (minimal module compatibility) only for code that
     * itself lies in a GOPATH with a go.mod, so the sources are copied to {@code target/pion-client/src/pionclient}.
     */
    public static synchronized Path binary() {
        if (built != null) {
            return built;
        }
        Path source = sourceDir();
        Path root = Path.of("target", "pion-client").toAbsolutePath();
        Path pkg = root.resolve("src/pionclient");
        Path bin = root.resolve("pion-client");
        try {
            Files.createDirectories(pkg);
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".go") || p.endsWith("go.mod")).toList()) {
                    Files.copy(f, pkg.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            ProcessBuilder pb = new ProcessBuilder(GO.toString(), "build", "-o", bin.toString(), ".")
                    .directory(pkg.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("GO111MODULE", "off");
            env.put("GOPATH", GOCODE + ":" + root);
            env.put("GOFLAGS", "");
            env.put("GOPROXY", "off");
            if (System.getenv("HOME") == null && System.getenv("GOCACHE") == null) {
                env.put("GOCACHE", root.resolve("go-cache").toString());
            }
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("go build of " + source + " failed:\n" + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        built = bin;
        return bin;
    }

    /** {@code interop/pion-client} in the repository: found from the working directory (a module) upwards. */
    private static Path sourceDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("interop/pion-client");
            if (Files.isRegularFile(candidate.resolve("main.go"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("interop/pion-client not found above " + Path.of("").toAbsolutePath());
    }

    /** Starts the client process; {@code loopback} keeps its ICE candidates on 127.0.0.1. */
    public static PionClient start(boolean loopback) {
        List<String> cmd = new ArrayList<>(List.of(binary().toString()));
        if (loopback) {
            cmd.add("-loopback");
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            // -Dpion.log=TRACE=dtls,ice (LEVEL=scopes): more of Pion's log, into logFile()
            String level = System.getProperty("pion.log");
            if (level != null && level.indexOf('=') > 0) {
                pb.environment().put("PION_LOG_" + level.substring(0, level.indexOf('=')),
                        level.substring(level.indexOf('=') + 1));
            }
            return new PionClient(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PionClient(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = Path.of("target", "pion-client", "pion-" + process.pid() + ".log").toAbsolutePath();
        this.reader = new Thread(this::readEvents, "pion-client-out");
        this.errors = new Thread(this::readErrors, "pion-client-err");
        reader.setDaemon(true);
        errors.setDaemon(true);
        reader.start();
        errors.start();
    }

    /** A new peer connection; its offer (complete with candidates) arrives in {@link Peer#offer}. */
    public Peer newPeer(String id, boolean audio) {
        Peer p = new Peer(id);
        peers.put(id, p);
        ObjectNode m = JSON.createObjectNode().put("type", "new").put("id", id).put("audio", audio);
        write(m);
        return p;
    }

    /** The last lines Pion logged (its errors: a DTLS alert, an ICE failure), for assertion messages. */
    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private void write(ObjectNode m) {
        byte[] line = (m.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (stdin) {
            try {
                stdin.write(line);
                stdin.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("pion-client is gone: " + stderrTail(), e);
            }
        }
    }

    private void readEvents() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode m;
                try {
                    m = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                Peer p = peers.get(m.path("id").asText());
                if (p != null) {
                    p.on(m);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        for (Peer p : peers.values()) {
            p.offer.completeExceptionally(new IllegalStateException("pion-client ended: " + stderrTail()));
        }
    }

    /** Pion's whole log, kept in {@code target/pion-client/} for a failed run. */
    public Path logFile() {
        return log;
    }

    private void readErrors() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
                java.io.Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                w.write(line);
                w.write('\n');
                w.flush();
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > 200) {
                        stderrTail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() {
        try {
            stdin.close(); // the client closes its peer connections and exits at the end of its input
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Its offer, mids of what it sends ("mic"), the server offers it answered, its state and what it received. */
    public final class Peer {
        public final String id;
        /** The SDP offer, once gathering completed. */
        public final CompletableFuture<String> offer = new CompletableFuture<>();
        private final ConcurrentLinkedQueue<CompletableFuture<String>> answers = new ConcurrentLinkedQueue<>();
        private final List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<String> iceStates = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<String> errorMessages = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile Map<String, String> mids = Map.of();
        private volatile Map<String, Long> received = Map.of();
        private volatile long sent;
        private final CompletableFuture<Void> closed = new CompletableFuture<>();

        private Peer(String id) {
            this.id = id;
        }

        /** Our mids and what each carries ("mic"), known with the offer. */
        public Map<String, String> mids() {
            return mids;
        }

        /** Applies the server's answer to our offer. */
        public void answer(String sdp) {
            write(JSON.createObjectNode().put("type", "answer").put("id", id).put("sdp", sdp));
        }

        /** Applies an offer from the server; the future completes with our answer. */
        public CompletableFuture<String> answerOffer(String sdp) {
            CompletableFuture<String> f = new CompletableFuture<>();
            answers.add(f);
            write(JSON.createObjectNode().put("type", "offer").put("id", id).put("sdp", sdp));
            return f;
        }

        /** Every connection state so far, in order ("connecting", "connected", "failed", ...). */
        public List<String> states() {
            return List.copyOf(states);
        }

        public String state() {
            return states.isEmpty() ? "new" : states.get(states.size() - 1);
        }

        /** Errors the client reported for this peer (a rejected description, say). */
        public List<String> errors() {
            return List.copyOf(errorMessages);
        }

        /** RTP packets received per mid, as of the last stats line (every 250 ms while connected). */
        public Map<String, Long> received() {
            return received;
        }

        /** RTP packets sent on our audio track. */
        public long sent() {
            return sent;
        }

        /** Closes this peer connection and waits until the client did. */
        public void close(Duration timeout) throws Exception {
            write(JSON.createObjectNode().put("type", "close").put("id", id));
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            peers.remove(id);
        }

        private void on(JsonNode m) {
            switch (m.path("type").asText()) {
                case "offer" -> {
                    Map<String, String> ms = new HashMap<>();
                    m.path("mids").fields().forEachRemaining(e -> ms.put(e.getKey(), e.getValue().asText()));
                    mids = Map.copyOf(ms);
                    offer.complete(m.path("sdp").asText());
                }
                case "answer" -> {
                    CompletableFuture<String> f = answers.poll();
                    if (f != null) {
                        f.complete(m.path("sdp").asText());
                    }
                }
                case "state" -> states.add(m.path("state").asText());
                case "ice" -> iceStates.add(m.path("state").asText());
                case "stats" -> {
                    Map<String, Long> r = new HashMap<>();
                    m.path("received").fields().forEachRemaining(e -> r.put(e.getKey(), e.getValue().asLong()));
                    received = Map.copyOf(r);
                    sent = m.path("sent").asLong();
                }
                case "error" -> {
                    String message = m.path("message").asText();
                    errorMessages.add(message);
                    if (message.startsWith("new:")) {
                        offer.completeExceptionally(new IllegalStateException(message));
                    } else if (message.startsWith("offer:")) {
                        CompletableFuture<String> f = answers.poll();
                        if (f != null) {
                            f.completeExceptionally(new IllegalStateException(message));
                        }
                    }
                }
                case "closed" -> closed.complete(null);
                default -> {
                }
            }
        }

        @Override
        public String toString() {
            return id + " " + states + " ice " + iceStates + " received " + received + " sent " + sent + " errors "
                    + errorMessages;
        }
    }
}
