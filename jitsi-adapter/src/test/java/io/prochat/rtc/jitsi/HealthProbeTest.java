package io.prochat.rtc.jitsi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.prochat.rtc.testing.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The probe against a real HTTP server on loopback: 2xx is healthy, anything else says why. */
class HealthProbeTest {

    @Test
    void reportsStatusAndUnreachableEndpoints() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/about/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/about/health");
        try (HealthProbe probe = HealthProbe.start(url, Duration.ofHours(1), Duration.ofSeconds(2))) {
            // start() runs a first check on the probe's thread: let it land before the test's own checks
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (probe.last().checkedAt() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(probe.check()).extracting(HealthProbe.Result::healthy, HealthProbe.Result::detail)
                    .containsExactly(true, "HTTP 200");
            status.set(503);
            assertThat(probe.check()).extracting(HealthProbe.Result::healthy, HealthProbe.Result::detail)
                    .containsExactly(false, "HTTP 503");
            assertThat(probe.last().healthy()).isFalse();
        } finally {
            server.stop(0);
        }

        URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.tcp() + "/about/health");
        try (HealthProbe probe = HealthProbe.start(nowhere, Duration.ofHours(1), Duration.ofSeconds(2))) {
            HealthProbe.Result r = probe.check();
            assertThat(r.healthy()).isFalse();
            assertThat(r.detail()).contains("ConnectException");
        }
    }
}
