package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.prochat.rtc.gateway.packaged.Features.Serving;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Join tokens in requests Jetty refuses before the gateway sees them (URI too long: 414; headers too large: 431) and
 * in requests it answers never reach the jar's log, at any level it writes: the file at DEBUG, stdout and stderr.
 */
class SecretsInLogsIT {
    @TempDir
    static Path dir;

    @Test
    void tokensInRefusedAndAnsweredRequestsAreNeverLogged() throws Exception {
        Path log = dir.resolve("logs/gateway.log");
        Map<String, String> env = new HashMap<>(Features.fileLogging(log));
        env.put("PROCHAT_LOGGER_FILELEVEL", "DEBUG");
        String[] tokens = {"tok414secretAAAA", "tok431secretBBBB", "tok200secretCCCC"};
        try (Serving jar = Features.serve(dir.resolve("jar"), env)) {
            assertThat(raw(jar.port(), "GET /huddle/c1?token=" + tokens[0] + "x".repeat(20_000) + " HTTP/1.1\r\n"
                    + "Host: x\r\n\r\n")).startsWith("HTTP/1.1 414");
            assertThat(raw(jar.port(), "GET /huddle/c1?token=" + tokens[1] + " HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "y".repeat(30_000) + "\r\n\r\n")).startsWith("HTTP/1.1 431");
            assertThat(raw(jar.port(), "GET /huddle/c1?token=" + tokens[2] + " HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 ");
            Thread.sleep(500);
            String everything = Files.readString(log) + jar.jar().stdout() + jar.jar().stderr();
            assertThat(everything).contains("listening on");
            for (String t : tokens) {
                assertThat(everything).as("the log names a token").doesNotContain(t);
            }
        }
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] b = in.readNBytes(12);
            return new String(b, StandardCharsets.US_ASCII);
        }
    }
}
