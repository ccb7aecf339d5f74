package io.prochat.rtc.gateway.rtcd;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.gateway.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.prochat.rtc.gateway.rtcd.RtcdHttp.ADMIN_KEY;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.KEY;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.basic;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.client;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.get;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

/** rtcd's HTTP API on a real gateway over real HTTP (rtcd.md §1, §1.1). */
class RtcdApiTest {
    @TempDir
    Path dir;

    @Test
    void selfRegistrationRegistersAndRefusesBadInputInRtcdsShape() {
        try (TestGateway gw = RtcdHttp.gateway(dir, true, false)) {
            Answer ok = post(gw, "/register", client("c1", KEY), null);
            assertThat(ok.status()).isEqualTo(201);
            assertThat(ok.body()).isEqualTo("{\"clientID\":\"c1\",\"code\":\"201\"}");
            assertThat(ok.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");

            refused(post(gw, "/register", client("c1", KEY), null), 400, "registration failed: already registered");
            refused(post(gw, "/register", client("c2", "short"), null), 400, "registration failed: key not long enough");
            refused(post(gw, "/register", client("", KEY), null), 400, "registration failed: empty client id");
            refused(post(gw, "/register", "{not json", null), 400, "registration failed: the body must be a JSON object");
            refused(post(gw, "/register", "", null), 400, "the body must be a JSON object");
            refused(post(gw, "/register", "{\"clientID\":5,\"authKey\":\"" + KEY + "\"}", null), 400,
                    "clientID must be a string");
            refused(post(gw, "/register", client("c3", "x".repeat(73)), null), 400, "key too long");

            // the registered key works as Basic auth; a wrong one is 401 with rtcd's message
            assertThat(get(gw, "/calls/call1/sessions", basic("c1", KEY)).status()).isEqualTo(404);
            refused(get(gw, "/calls/call1/sessions", basic("c1", KEY + "x")), 401, "authentication failed");
            refused(get(gw, "/calls/call1/sessions", basic("nobody", KEY)), 401, "authentication failed");
            refused(get(gw, "/calls/call1/sessions", null), 401, "authentication failed");
            refused(get(gw, "/calls/call1/sessions", "Basic !!!"), 401, "authentication failed");

            // a client may unregister itself when self-registration is on
            refused(post(gw, "/unregister", "{\"clientID\":\"other\"}", basic("c1", KEY)), 403, "client id not valid");
            assertThat(post(gw, "/unregister", "{\"clientID\":\"c1\"}", basic("c1", KEY)).body())
                    .isEqualTo("{\"code\":\"200\"}");
            refused(get(gw, "/calls/call1/sessions", basic("c1", KEY)), 401, "authentication failed");

            assertThat(RtcdHttp.anonymous(gw).get("/metrics").body())
                    .contains("prochat_rtcd_refused_total{reason=\"duplicate\",where=\"api\"} 1.0")
                    .contains("prochat_rtcd_refused_total{reason=\"bad_credentials\",where=\"api\"}");
        }
    }

    @Test
    void withoutSelfRegistrationOnlyAdminOrAClientRegisters() {
        try (TestGateway gw = RtcdHttp.gateway(dir, false, true)) {
            refused(post(gw, "/register", client("c1", KEY), null), 401, "authentication failed");
            refused(post(gw, "/register", client("c1", KEY), basic("x", "not-the-admin-key")), 401,
                    "authentication failed");
            assertThat(post(gw, "/register", client("c1", KEY), basic("anyone", ADMIN_KEY)).status()).isEqualTo(201);
            // a registered client may register another (rtcd: "admin, or any already-registered client")
            assertThat(post(gw, "/register", client("c2", KEY), basic("c1", KEY)).status()).isEqualTo(201);

            // admin has no calls
            refused(get(gw, "/calls/call1/sessions", basic("admin", ADMIN_KEY)), 401, "admin has no calls");
            // admin unregisters anyone; a client may not unregister another
            refused(post(gw, "/unregister", "{\"clientID\":\"c2\"}", basic("c1", KEY)), 403, "client id not valid");
            assertThat(post(gw, "/unregister", "{\"clientID\":\"c2\"}", basic("admin", ADMIN_KEY)).status())
                    .isEqualTo(200);
            refused(post(gw, "/unregister", "{\"clientID\":\"c2\"}", basic("admin", ADMIN_KEY)), 404, "no such client");
            refused(get(gw, "/calls/call1/sessions", basic("c2", KEY)), 401, "authentication failed");
        }
    }

    @Test
    void unregisterIsOffWhenAdminAndSelfRegistrationAreBothOff() {
        try (TestGateway gw = RtcdHttp.gateway(dir, false, false)) {
            refused(post(gw, "/unregister", "{\"clientID\":\"c1\"}", null), 403, "unregister not enabled");
            refused(post(gw, "/register", client("c1", KEY), null), 401, "authentication failed");
        }
    }

    @Test
    void loginGivesOneBearerTokenPerClient() {
        try (TestGateway gw = RtcdHttp.gateway(dir, true, false)) {
            post(gw, "/register", client("c1", KEY), null);
            Answer login = post(gw, "/login", client("c1", KEY), null);
            assertThat(login.status()).isEqualTo(200);
            JsonNode body = login.json();
            assertThat(body.get("code").asText()).isEqualTo("200");
            String token = body.get("bearerToken").asText();
            assertThat(token).matches("[A-Za-z0-9_-]{32}");

            assertThat(get(gw, "/calls/call1/sessions", "Bearer " + token).status()).isEqualTo(404); // known, no call
            String second = post(gw, "/login", client("c1", KEY), null).json().get("bearerToken").asText();
            refused(get(gw, "/calls/call1/sessions", "Bearer " + token), 401, "authentication failed"); // revoked
            assertThat(get(gw, "/calls/call1/sessions", "Bearer " + second).status()).isEqualTo(404);

            refused(post(gw, "/login", client("c1", KEY + "x"), null), 400, "login failed");
            refused(post(gw, "/login", "[]", null), 400, "login failed: the body must be a JSON object");
            refused(get(gw, "/calls/call1/sessions", "Bearer nope"), 401, "authentication failed");
        }
    }

    @Test
    void versionAndSystemAnswerInRtcdsShape() {
        try (TestGateway gw = RtcdHttp.gateway(dir, false, false)) {
            JsonNode v = RtcdHttp.anonymous(gw).get("/version").json();
            for (String f : new String[]{"buildDate", "buildVersion", "buildHash", "goVersion", "goOS", "goArch"}) {
                assertThat(v.get(f).isTextual()).as(f).isTrue();
            }
            assertThat(v.get("buildVersion").asText()).isEqualTo("v1.2.6");
            assertThat(v.get("javaVersion").isTextual()).isTrue();
            assertThat(v.get("version").asText()).isNotEmpty();

            JsonNode s = RtcdHttp.anonymous(gw).get("/system").json();
            assertThat(s.get("cpu_load").isNumber()).isTrue();
            assertThat(Double.isFinite(s.get("cpu_load").asDouble())).isTrue();
        }
    }

    @Test
    void sessionsOfACallUseGoFieldNames() {
        try (TestGateway gw = RtcdHttp.gateway(dir, true, false)) {
            RecordingSessions sessions = new RecordingSessions();
            gw.gateway().bindRtcdSessions(sessions);
            post(gw, "/register", client("c1", KEY), null);
            post(gw, "/register", client("c2", KEY), null);
            sessions.join("c1", new RtcdMessages.Join("call1", "u1", "s1", "ch1", true, false));

            Answer all = get(gw, "/calls/call1/sessions", basic("c1", KEY));
            assertThat(all.status()).isEqualTo(200);
            assertThat(all.body()).isEqualTo("[{\"GroupID\":\"c1\",\"CallID\":\"call1\",\"UserID\":\"u1\","
                    + "\"SessionID\":\"s1\",\"Props\":{\"channelID\":\"ch1\",\"av1Support\":true,\"dcSignaling\":false}}]");
            assertThat(get(gw, "/calls/call1/sessions/s1", basic("c1", KEY)).json().get("SessionID").asText())
                    .isEqualTo("s1");
            refused(get(gw, "/calls/call1/sessions/s2", basic("c1", KEY)), 404, "no such session");
            refused(get(gw, "/calls/call1/sessions", basic("c2", KEY)), 404, "no such call"); // another group
        }
    }

    private static void refused(Answer a, int status, String error) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        JsonNode body = a.json();
        assertThat(body.get("code").asText()).isEqualTo(Integer.toString(status));
        assertThat(body.get("error").isTextual()).isTrue();
        assertThat(body.get("error").asText()).contains(error);
    }
}
