package io.prochat.rtc.testing.calls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Mattermost Calls browser peer, built for a page: {@code @mattermost/calls-common} (pinned in
 * {@code test-fixtures/calls-client/package-lock.json}) fetched from the npm registry with {@code npm ci} and bundled
 * with our harness entry script by esbuild ({@code npm run build}). Nothing of it is committed: the npm project's
 * files travel on the classpath ({@code calls-client/…}, see the test-fixtures POM) and are built under the running
 * module's {@code target/calls-client} (or {@code -Dprochat.calls-client.dir=…}) the first time a test needs them,
 * and again only when those files change (a stamp holds their SHA-256).
 *
 * <p>Errors: a missing {@code node}/{@code npm}, an unreachable registry or a failed build throw
 * {@link IllegalStateException} saying which, with npm's own output. Thread-safe; the build runs at most once per JVM.
 */
public final class CallsClientBundle {
    /** The files of the npm project, as on the classpath under {@code calls-client/}. */
    static final List<String> SOURCES = List.of(
            "package.json", "package-lock.json", "harness/entry.js", "harness/harness.html");

    /** The page and the script, in {@link #directory()}. */
    public static final String PAGE = "harness.html";
    public static final String SCRIPT = "calls-client.js";

    private static final long NPM_TIMEOUT_SECONDS = 300;
    private static Path built;

    private CallsClientBundle() {
    }

    /** Whether {@code node} and {@code npm} are on the PATH. */
    public static boolean toolsAvailable() {
        return runs(List.of("node", "--version")) && runs(List.of("npm", "--version"));
    }

    /**
     * The directory holding {@link #PAGE} and {@link #SCRIPT}, built first if missing or stale. The first build runs
     * {@code npm ci} (network, a few seconds with a warm npm cache) and esbuild (under a second).
     */
    public static synchronized Path directory() {
        if (built != null) {
            return built;
        }
        Path root = Path.of(System.getProperty("prochat.calls-client.dir", "target/calls-client")).toAbsolutePath();
        try {
            String hash = copySources(root);
            Path dist = root.resolve("dist");
            Path stamp = root.resolve(".built-from");
            boolean fresh = Files.isRegularFile(dist.resolve(SCRIPT))
                    && Files.isRegularFile(stamp)
                    && Files.readString(stamp).equals(hash);
            if (!fresh) {
                if (!toolsAvailable()) {
                    throw new IllegalStateException("The Calls client bundle needs Node.js and npm on the PATH "
                            + "(node >= 18): install them (Debian: apt-get install nodejs npm) and re-run.");
                }
                npm(root, "ci", "--no-audit", "--no-fund");
                npm(root, "run", "build");
                Files.copy(root.resolve("harness").resolve(PAGE), dist.resolve(PAGE),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(stamp, hash);
            }
            built = dist;
            return dist;
        } catch (IOException e) {
            throw new UncheckedIOException("Calls client bundle under " + root, e);
        }
    }

    /** Copies the npm project from the classpath into {@code root}; returns the SHA-256 over all its files. */
    private static String copySources(Path root) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : SOURCES) {
            byte[] bytes;
            try (InputStream in = CallsClientBundle.class.getResourceAsStream("/calls-client/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("calls-client/" + name + " is not on the classpath: "
                            + "build test-fixtures with Maven (its POM copies test-fixtures/calls-client there)");
                }
                bytes = in.readAllBytes();
            }
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update(bytes);
            Path target = root.resolve(name);
            Files.createDirectories(target.getParent());
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                Files.write(target, bytes);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void npm(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("npm");
        command.addAll(List.of(args));
        Path log = dir.resolve("npm-" + args[0] + ".log");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " in " + dir + " took over "
                        + NPM_TIMEOUT_SECONDS + " s (is the npm registry reachable?); output in " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + " (exit "
                    + p.exitValue() + "; npm ci needs the npm registry or a warm npm cache):\n"
                    + Files.readString(log));
        }
    }

    private static boolean runs(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
