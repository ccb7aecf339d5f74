package io.prochat.rtc.gateway.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prochat.rtc.testing.PionClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Pion load generator ({@code interop/pion-client} in its {@code -load} mode, built as {@link PionClient} builds
 * it) in a process of its own, pinned with {@code taskset}: it joins huddles through their join links as the page
 * does and counts what arrives. This class sends it joins and reads back when each join's first media came.
 */
final class LoadGenerator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one join came to: ms from its join message to its first RTP packet, to connected; or its error. */
    static final class Join {
        volatile double mediaMs = -1;
        volatile double connectedMs = -1;
        volatile String error;
    }

    /** The generator's counters at one moment. */
    record Report(long received, long expected, long sent, long peers, long connected, long failed) {
    }

    private final Process process;
    private final OutputStream stdin;
    private final Map<String, Join> joins = new ConcurrentHashMap<>();
    private final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();

    private LoadGenerator(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readEvents, "load-generator-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts it on {@code cores} (a taskset list); its Pion log goes to {@code log}. */
    static LoadGenerator start(String cores, Path log) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of("taskset", "-c", cores, PionClient.binary().toString(),
                    "-load", "-loopback")).redirectError(log.toFile());
            return new LoadGenerator(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** One participant joins through {@code url}, publishing {@code send} ("" for none), its socket from {@code from}. */
    Join join(String id, String url, String send, boolean page, String from) {
        Join j = new Join();
        joins.put(id, j);
        ObjectNode m = JSON.createObjectNode().put("type", "join").put("id", id).put("url", url).put("send", send)
                .put("page", page).put("from", from);
        write(m);
        return j;
    }

    /** Publishers stop sending (true) or go on (false); every session stays connected. */
    void pause(boolean paused) {
        write(JSON.createObjectNode().put("type", paused ? "pause" : "resume"));
    }

    Report report() throws InterruptedException {
        write(JSON.createObjectNode().put("type", "report"));
        Report r = reports.poll(30, TimeUnit.SECONDS);
        if (r == null) {
            throw new IllegalStateException("the load generator did not report within 30 s");
        }
        return r;
    }

    private void write(ObjectNode m) {
        byte[] line = (m + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (stdin) {
            try {
                stdin.write(line);
                stdin.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the load generator is gone", e);
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
                Join j = joins.get(m.path("id").asText());
                switch (m.path("type").asText()) {
                    case "media" -> {
                        if (j != null) {
                            j.mediaMs = m.path("ms").asDouble();
                        }
                    }
                    case "connected" -> {
                        if (j != null) {
                            j.connectedMs = m.path("ms").asDouble();
                        }
                    }
                    case "error" -> {
                        if (j != null && j.error == null) {
                            j.error = m.path("message").asText();
                        } else if (j == null) {
                            System.err.println("load generator: " + line);
                        }
                    }
                    case "report" -> reports.add(new Report(m.path("received").asLong(), m.path("expected").asLong(),
                            m.path("sent").asLong(), m.path("peers").asLong(), m.path("connected").asLong(),
                            m.path("failed").asLong()));
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Ends its input: it leaves every huddle and exits; killed if it has not in 20 s. */
    @Override
    public void close() {
        try {
            stdin.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
