package io.prochat.rtc.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.RoutingMode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests Jetty refuses before Javalin sees them answer in the API's JSON error shape, not Jetty's HTML page.
 * Sent over a raw socket: HTTP clients refuse to send most of these.
 */
class JettyErrorsTest {
    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 4096),
                TestGateway.API_KEY);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "%00 in the path, /api/v1/calls/%00, , 400",
            "/../ in the path (normalised or refused: any 4xx), /api/v1/../../etc/passwd, , 4",
            "a 20 kB URI, /api/v1/calls?x=LONG_URI, , 414",
            "a 20 kB header, /api/v1/calls, LONG_HEADER, 431"})
    void refusedInJson(String name, String path, String header, String status) throws Exception {
        String request = "GET " + path.replace("LONG_URI", "a".repeat(20_000)) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (header == null ? "" : "X-Big: " + "b".repeat(20_000) + "\r\n") + "Connection: close\r\n\r\n";
        String response;
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(response).as(response).startsWith("HTTP/1.1 " + status);
        assertThat(response.toLowerCase()).as(response).contains("content-type: application/json");
        assertThat(response).as(response).contains("{\"error\":\"").doesNotContain("<html");
    }
}
