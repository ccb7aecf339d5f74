package io.prochat.rtc.gateway.web;

import io.prochat.rtc.gateway.config.IceServer;
import io.prochat.rtc.gateway.config.RtcConfig;
import io.prochat.rtc.gateway.config.TurnConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The TURN REST credential scheme coturn's use-auth-secret checks, on a value computed independently. */
class TurnCredentialsTest {
    static final String SECRET = "a-turn-secret-of-32-characters!!";
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @Test
    void usernameIsExpiryColonUserAndPasswordIsBase64HmacSha1OfIt() {
        TurnCredentials c = new TurnCredentials(new TurnConfig(List.of("turn:t.example.org:3478"), SECRET, 1440), CLOCK);

        TurnCredentials.Credential cred = c.issue("ann");

        assertEquals("1700086400:ann", cred.username());
        // python3: base64.b64encode(hmac.new(SECRET, b"1700086400:ann", hashlib.sha1).digest())
        assertEquals("d4qYwvMiW7p1ZjcRnVjy1cTcOXU=", cred.password());
        assertThat(cred.toString()).doesNotContain(cred.password());
    }

    @Test
    void clientsGetTheConfiguredServersAndTheTurnServerWithTheirOwnCredential() {
        RtcConfig rtc = RtcConfig.defaults().withTurn(new TurnConfig(List.of("turn:t.example.org:3478"), SECRET, 60));
        rtc = new RtcConfig(rtc.iceHostOverride(), rtc.icePortUdp(), rtc.icePortTcp(),
                List.of(IceServer.of("stun:stun.example.org:3478")), rtc.maxCallParticipants(), true,
                rtc.maxServerParticipants(), rtc.turn());

        List<Map<String, Object>> servers = new ClientIceServers(rtc, CLOCK).forUser("bob");

        assertEquals(2, servers.size());
        assertEquals(Map.of("urls", List.of("stun:stun.example.org:3478")), servers.get(0));
        assertEquals(List.of("turn:t.example.org:3478"), servers.get(1).get("urls"));
        assertEquals("1700003600:bob", servers.get(1).get("username"));
    }
}
