package io.prochat.rtc.gateway.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code gateway/target/prochat-rtc.jar} served as an operator serves it ({@code java -jar prochat-rtc.jar serve
 * --config FILE}, the flags the {@code prochat-rtc} script passes plus {@code jvmOptions}), pinned to {@code cores}
 * with {@code taskset}, its output in {@code dir}.
 */
final class ServedJar implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("prochat.jar", "target/prochat-rtc.jar")).toAbsolutePath();

    private final Process process;
    private final Path dir;

    private ServedJar(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    static ServedJar start(String cores, List<String> jvmOptions, Path dir, Path config) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the launcher in `mvn verify` (after `package`)");
        }
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", cores,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dice4j.harvest.mapping.aws.enabled=false"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", JAR.toString(), "serve", "--config", config.toString()));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(dir.resolve("serve.stdout").toFile())
                    .redirectError(dir.resolve("serve.stderr").toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("PROCHAT_"));
            return new ServedJar(pb.start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the jar exited with " + process.exitValue() + ": " + output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the jar did not listen on " + port + ": " + output());
    }

    String output() {
        try {
            return Files.readString(dir.resolve("serve.stdout")) + Files.readString(dir.resolve("serve.stderr"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** SIGTERM (DrainTimeoutSeconds = 0 in its config: it ends at once), then SIGKILL after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
