package io.prochat.rtc.gateway.web;

import io.prochat.rtc.gateway.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Join links are signed with a key kept in the store: a restart (or another gateway on that store) honours them. */
class HuddleLinkRestartTest {
    @TempDir
    Path dir;

    @Test
    void aLinkHandedOutBeforeARestartStillOpensTheHuddleSocket() throws Exception {
        String id;
        String token;
        try (TestGateway first = TestGateway.startWithHuddles(dir)) {
            id = first.api.post("/api/v1/calls", """
                    {"title":"standup","kind":"huddle","createdBy":{"userId":"u-ann","name":"Ann"}}""")
                    .json().get("id").asText();
            token = first.api.post("/api/v1/calls/" + id + "/participants", "{\"userId\":\"u-bob\",\"name\":\"Bob\"}")
                    .json().get("token").asText();
        }
        try (TestGateway second = TestGateway.startWithHuddles(dir)) {
            HuddleApiTest.Socket bob = HuddleApiTest.Socket.open(HttpClient.newHttpClient(), second.port(), id, token);
            // a token the new key refused closes the socket before any message is answered
            bob.ws.sendText("{\"type\":\"join\",\"sdp\":\"not sdp\",\"tracks\":{}}", true);
            assertThat(bob.next()).contains("\"code\":\"bad_offer\"");
            bob.ws.abort();
        }
    }
}
