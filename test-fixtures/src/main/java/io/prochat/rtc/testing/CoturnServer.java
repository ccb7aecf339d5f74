package io.prochat.rtc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * Debian's coturn on loopback, as the deployment guide's TURN section sets it up ({@code use-auth-secret} with a
 * {@code static-auth-secret}), but without TLS, listening and relaying on 127.0.0.1 only, and allowing loopback
 * peers (the SFU under test is on 127.0.0.1). Ready once it answers a STUN Binding request.
 */
public final class CoturnServer implements AutoCloseable {
    public static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    public static final String REALM = "prochat.test";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final Path log;

    private CoturnServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static boolean isAvailable() {
        return Files.isExecutable(TURNSERVER);
    }

    public static CoturnServer start(Path dir, String staticAuthSecret) {
        int port = FreePorts.tcpAndUdp();
        // relay ports: a range of its own, away from the ephemeral ports tests pick from
        int min = 50000 + new SecureRandom().nextInt(90) * 100;
        Path log = dir.resolve("turnserver.log");
        try {
            Files.createDirectories(dir);
            Path conf = Files.writeString(dir.resolve("turnserver.conf"), String.join("\n", List.of(
                    "listening-port=" + port,
                    "listening-ip=127.0.0.1",
                    "relay-ip=127.0.0.1",
                    "min-port=" + min,
                    "max-port=" + (min + 99),
                    "use-auth-secret",
                    "static-auth-secret=" + staticAuthSecret,
                    "realm=" + REALM,
                    "fingerprint",
                    "no-tls",
                    "no-dtls",
                    "no-cli",
                    "no-rfc5780",
                    "allow-loopback-peers",
                    "userdb=" + dir.resolve("turndb"),
                    "pidfile=" + dir.resolve("turnserver.pid"),
                    "log-file=" + log,
                    "simple-log",
                    "verbose",
                    "")));
            Process p = new ProcessBuilder(TURNSERVER.toString(), "-c", conf.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.out").toFile()).start();
            CoturnServer server = new CoturnServer(p, port, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() throws IOException {
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        byte[] binding = new byte[20];
        binding[1] = 0x01; // Binding request, no attributes
        binding[4] = 0x21;
        binding[5] = 0x12;
        binding[6] = (byte) 0xA4;
        binding[7] = 0x42;
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        System.arraycopy(transaction, 0, binding, 8, 12);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(200);
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("turnserver exited with " + process.exitValue() + ": " + logTail());
                }
                s.send(new DatagramPacket(binding, binding.length, InetAddress.getLoopbackAddress(), port));
                try {
                    DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
                    s.receive(answer);
                    if (answer.getLength() >= 20 && answer.getData()[0] == 0x01 && answer.getData()[1] == 0x01) {
                        return;
                    }
                } catch (SocketTimeoutException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > end) {
                    close();
                    throw new IllegalStateException("turnserver did not answer STUN on 127.0.0.1:" + port + ": " + logTail());
                }
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code turn:127.0.0.1:<port>}. */
    public String url() {
        return "turn:127.0.0.1:" + port;
    }

    /** coturn's log so far (allocations, refused credentials). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private String logTail() {
        String l = log();
        return l.length() > 2000 ? l.substring(l.length() - 2000) : l;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
