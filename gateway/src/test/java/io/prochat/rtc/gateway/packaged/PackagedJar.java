package io.prochat.rtc.gateway.packaged;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code target/prochat-rtc.jar} run as an operator runs it: {@code java -jar} in a process of its own, with a
 * working directory, environment and arguments of the test's choosing. These tests exist because the unit
 * tests run on Maven's test class path, which hid a dependency missing from the shaded jar (issue 10).
 */
final class PackagedJar implements AutoCloseable {
    /** Set by failsafe (gateway/pom.xml); the default serves a run from the IDE after {@code mvn package}. */
    static final Path JAR = Path.of(System.getProperty("prochat.jar", "target/prochat-rtc.jar")).toAbsolutePath();
    /** Generous: on two cores shared with other builds a cold start has taken over a minute. */
    private static final Duration START = Duration.ofSeconds(150);

    private final Process process;
    private final Path out;
    private final Path err;

    private PackagedJar(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** What a command that ran to its end left behind. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Starts {@code java -jar prochat-rtc.jar args} in {@code dir} with {@code env} added to this JVM's
     * environment minus every {@code PROCHAT_*} (the developer's own must not leak in).
     */
    static PackagedJar start(Path dir, Map<String, String> env, String... args) {
        return start(dir, env, JAR, args);
    }

    /** As above, with another jar (a deliberately broken copy). */
    static PackagedJar start(Path dir, Map<String, String> env, Path jarFile, String... args) {
        return start(dir, env, jarFile, List.of(), args);
    }

    /** As above, with options for the JVM (e.g. a hosts file in place of DNS). */
    static PackagedJar start(Path dir, Map<String, String> env, Path jarFile, List<String> jvmOptions,
                             String... args) {
        if (!Files.isRegularFile(jarFile)) {
            throw new IllegalStateException(jarFile + " is missing: these tests run in `mvn verify`, after `package`");
        }
        try {
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m",
                    // the same flag the prochat-rtc script passes: ice4j must not ask 169.254.169.254 about EC2
                    "-Dice4j.harvest.mapping.aws.enabled=false"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jarFile.toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("PROCHAT_"));
            pb.environment().putAll(env);
            String name = args.length == 0 ? "root" : String.join("-", args).replaceAll("[^A-Za-z0-9-]", "_");
            name = name.substring(0, Math.min(40, name.length())) + "-" + System.nanoTime();
            Path out = dir.resolve(name + ".stdout");
            Path err = dir.resolve(name + ".stderr");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            return new PackagedJar(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command that ends by itself, and waits for it (at most a minute). */
    static Result run(Path dir, Map<String, String> env, String... args) {
        return run(dir, env, JAR, args);
    }

    static Result run(Path dir, Map<String, String> env, Path jarFile, String... args) {
        return run(dir, env, jarFile, List.of(), args);
    }

    static Result run(Path dir, Map<String, String> env, Path jarFile, List<String> jvmOptions, String... args) {
        try (PackagedJar jar = start(dir, env, jarFile, jvmOptions, args)) {
            if (!jar.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("prochat-rtc " + String.join(" ", args) + " did not end in 60 s: "
                        + jar.stdout() + jar.stderr());
            }
            return new Result(jar.process.exitValue(), jar.stdout(), jar.stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the API accepts connections on {@code port}; fails with the process's output if it died. */
    PackagedJar awaitListening(int port) {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the jar exited with " + process.exitValue() + " before listening on "
                        + port + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new AssertionError("the jar did not listen on " + port + " within " + START + "\n--- stdout\n"
                + stdout() + "--- stderr\n" + stderr() + "--- its threads\n" + threadDump());
    }

    /** Waits for the process to exit by itself, as a start-up refusal does. */
    Result awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout + "\n" + stdout() + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Result(process.exitValue(), stdout(), stderr());
    }

    /** What the process is doing, for a start that hangs: {@code jcmd <pid> Thread.print}. */
    private String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** SIGTERM, as {@code systemctl stop} sends it; the caller awaits the exit ({@link #awaitExit}). */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL (kill -9): no drain, no shutdown hook; returns once the process is gone. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM (the shutdown hook closes the gateway), then SIGKILL if it has not ended in 10 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
