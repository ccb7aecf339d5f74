package io.prochat.rtc.gateway.rtcd;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.RoutingMode;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/** Test helpers: a gateway with rtcd's security settings, and requests with Basic or Bearer credentials. */
final class RtcdHttp {
    static final String KEY = "k".repeat(32);
    static final String ADMIN_KEY = "the-admin-secret-key";

    private RtcdHttp() {
    }

    static TestGateway gateway(Path dir, boolean selfRegistration, boolean admin) {
        GatewayConfig c = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        GatewayConfig rtcd = new GatewayConfig(c.http().withRtcdSecurity(selfRegistration, admin,
                admin ? ADMIN_KEY : "", 1440), c.rtc(), c.logger(), c.store(), c.gateway(), c.jitsi(), c.mattermost());
        return TestGateway.start(rtcd, TestGateway.API_KEY);
    }

    static ApiClient anonymous(TestGateway gw) {
        return new ApiClient("http://127.0.0.1:" + gw.port(), null);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Answer post(TestGateway gw, String path, String json, String authorization) {
        HttpRequest.Builder b = anonymous(gw).unauthenticated(path)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return anonymous(gw).send(b);
    }

    static Answer get(TestGateway gw, String path, String authorization) {
        HttpRequest.Builder b = anonymous(gw).unauthenticated(path).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return anonymous(gw).send(b);
    }

    static String client(String id, String key) {
        return "{\"clientID\":\"" + id + "\",\"authKey\":\"" + key + "\"}";
    }
}
