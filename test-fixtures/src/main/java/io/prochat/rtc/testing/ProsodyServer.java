package io.prochat.rtc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prosody (Debian's package) laid out like a Jitsi deployment, on free 127.0.0.1 ports, for
 * interop tests. Everything lives in one temporary folder: configuration, data, logs.
 *
 * <ul>
 *   <li>{@code meet.test}: the main host, anonymous logins (Jitsi's guests);</li>
 *   <li>{@code auth.meet.test}: accounts ({@code internal_hashed}); the service account is registered
 *       with {@code prosodyctl} and listed in the conference component's {@code admins};</li>
 *   <li>{@code conference.meet.test}: the meetings' MUC, with Jitsi's settings (only admins create
 *       rooms, in-memory storage, no room locking);</li>
 *   <li>{@code focus.meet.test}: an external component placeholder on the component port.</li>
 * </ul>
 *
 * <p>As root, Prosody runs as the {@code prosody} user (it refuses root without {@code run_as_root}):
 * through {@code setpriv}, which execs, so the process this class holds <em>is</em> Prosody and a
 * SIGTERM to it stops the server at once ({@code runuser} would keep a watching parent that takes
 * seconds to pass the signal on). {@link #start} returns once the service account can really log in.
 */
public final class ProsodyServer implements AutoCloseable {
    public static final String DOMAIN = "meet.test";
    public static final String AUTH_DOMAIN = "auth." + DOMAIN;
    public static final String MUC_DOMAIN = "conference." + DOMAIN;
    public static final String FOCUS_COMPONENT = "focus." + DOMAIN;
    public static final String SERVICE_USER = "prochat";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path dir;
    private final int c2sPort;
    private final int componentPort;
    private final String servicePassword;
    private Process process;

    private ProsodyServer(Path dir, int c2sPort, int componentPort, String servicePassword) {
        this.dir = dir;
        this.c2sPort = c2sPort;
        this.componentPort = componentPort;
        this.servicePassword = servicePassword;
    }

    /** Writes the configuration into {@code dir}, registers the service account, starts Prosody. */
    public static ProsodyServer start(Path dir) {
        ProsodyServer server = new ProsodyServer(dir.toAbsolutePath(), FreePorts.tcp(), FreePorts.tcp(), randomSecret());
        try {
            Files.createDirectories(server.dir.resolve("data"));
            Files.createDirectories(server.dir.resolve("certs")); // silences certmanager's complaint
            Files.writeString(server.config(), ProsodyConfig.text(server.dir, server.c2sPort, server.componentPort,
                    SERVICE_USER + "@" + AUTH_DOMAIN));
            server.ownFolder();
            server.register(SERVICE_USER, server.servicePassword);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.launch();
        return server;
    }

    /** Registers another account on {@link #AUTH_DOMAIN}, e.g. a meeting's organiser. */
    public void register(String user, String password) {
        Process p = run(command("prosodyctl", "--config", config().toString(), "register", user, AUTH_DOMAIN, password),
                dir.resolve("prosodyctl.log"));
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("prosodyctl register " + user + " failed\n" + tail("prosodyctl.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering " + user, e);
        }
    }

    /** Stops Prosody (SIGTERM, then SIGKILL after 5 s). Rooms are in memory, so they are gone afterwards. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops and starts again on the same ports with the same accounts. */
    public synchronized void restart() {
        stop();
        launch();
    }

    public int c2sPort() {
        return c2sPort;
    }

    public int componentPort() {
        return componentPort;
    }

    public String servicePassword() {
        return servicePassword;
    }

    /** The service account's bare JID, {@code prochat@auth.meet.test}. */
    public String serviceJid() {
        return SERVICE_USER + "@" + AUTH_DOMAIN;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** The last lines of Prosody's log and console, for failure messages. */
    public String logs() {
        return tail("prosody.log") + tail("console.log");
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void launch() {
        process = run(command("prosody", "--config", config().toString(), "-F"), dir.resolve("console.log"));
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prosody exited with " + process.exitValue() + " on start\n" + logs());
            }
            last = PlainLogin.attempt(c2sPort, AUTH_DOMAIN, SERVICE_USER, servicePassword);
            if (last == null) {
                return;
            }
            sleep(100);
        }
        stop();
        throw new IllegalStateException("Prosody did not accept a login within " + START_TIMEOUT.toSeconds()
                + " s (last: " + last + ")\n" + logs());
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        if (ROOT) {
            cmd.addAll(List.of("setpriv", "--reuid=prosody", "--regid=prosody", "--init-groups"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Process run(List<String> cmd, Path output) {
        try {
            return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(ROOT ? 4 : 0)
                    + " (is Debian's prosody package installed? ./run-tests installs it)", e);
        }
    }

    /** As root, hands the folder to the prosody user, which must write data and logs there. */
    private void ownFolder() throws IOException {
        if (!ROOT) {
            return;
        }
        try {
            Process p = new ProcessBuilder("chown", "-R", "prosody:prosody", dir.toString()).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("chown -R prosody:prosody " + dir + " failed");
            }
            // The temporary folder's parents must be enterable by prosody too (JUnit's are 0700).
            for (Path p2 = dir.getParent(); p2 != null && p2.startsWith(System.getProperty("java.io.tmpdir")); p2 = p2.getParent()) {
                p2.toFile().setExecutable(true, false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private Path config() {
        return dir.resolve("prosody.cfg.lua");
    }

    private String tail(String file) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
            return "--- " + file + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "--- " + file + ": " + e.getMessage() + " ---\n";
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
