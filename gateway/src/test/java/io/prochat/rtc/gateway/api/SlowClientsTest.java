package io.prochat.rtc.gateway.api;

import io.prochat.rtc.gateway.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's slow-body attack: 500 connections to the anonymous endpoints that read a body, each sending one body
 * byte every 2.5 s (and reconnecting when cut), while a client with an API key keeps creating calls. Every one of
 * its requests must succeed within 1 s, and /healthz must keep answering, for the whole attack.
 */
class SlowClientsTest {
    private static final int ATTACKERS = 500;
    private static final String[] TARGETS = {"/echo/offer", "/mattermost/actions", "/mattermost/commands/huddle"};

    @TempDir
    Path dir;

    @Test
    void fiveHundredSlowBodiesDoNotStarveTheApi() throws Exception {
        try (TestGateway gw = TestGateway.start(dir)) {
            for (int i = 0; i < 3; i++) { // warm: the first requests of a JVM are slow on their own
                assertThat(gw.api.post("/api/v1/calls", CallsApiTest.meeting("warm-" + i)).status()).isEqualTo(201);
            }
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < ATTACKERS; i++) {
                slow.add(open(gw.port(), TARGETS[i % TARGETS.length]));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            int created = 0;
            int reconnects = 0;
            long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
            long nextTrickle = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextTrickle) {
                    for (int i = 0; i < slow.size(); i++) {
                        if (!trickle(slow.get(i))) {
                            slow.get(i).close();
                            slow.set(i, open(gw.port(), TARGETS[i % TARGETS.length]));
                            reconnects++;
                        }
                    }
                    nextTrickle = System.nanoTime() + Duration.ofMillis(2500).toNanos();
                }
                long sent = System.nanoTime();
                HttpResponse<String> r = send(http, created, sent, end, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port()
                                + "/api/v1/calls")).timeout(Duration.ofSeconds(1))
                        .header("Authorization", "Bearer " + TestGateway.API_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(CallsApiTest.meeting("ch-" + created))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("create %d during the attack: %s", created, r.body()).isEqualTo(201);
                created++;
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + gw.port() + "/healthz")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).as("/healthz during the attack").isEqualTo(200);
                Thread.sleep(50);
            }
            System.out.printf("slow clients: %d calls created under %d slow connections; %d slow connections cut or "
                    + "refused, and reopened%n", created, ATTACKERS, reconnects);
            assertThat(created).isGreaterThan(20);
            assertThat(reconnects).as("slow connections were refused or cut").isPositive();
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    /** Sends, turning a timeout into a failure that says which request and when. */
    private static HttpResponse<String> send(HttpClient http, int n, long sent, long end, HttpRequest request,
                                             HttpResponse.BodyHandler<String> body) throws Exception {
        try {
            return http.send(request, body);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new AssertionError("create " + n + " got no answer within 1 s (" + e.getMessage() + "), "
                    + (12_000 - (end - sent) / 1_000_000) + " ms into the attack", e);
        }
    }

    private static Socket open(int port, String path) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4000\r\n\r\n{";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** One more body byte; false when the server has cut the connection. */
    private static boolean trickle(Socket s) {
        try {
            if (s.getInputStream().available() > 0) {
                return false; // answered (refused) or cut: the server is done with it
            }
            OutputStream out = s.getOutputStream();
            out.write(' ');
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
