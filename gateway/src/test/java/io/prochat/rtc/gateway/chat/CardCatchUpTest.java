package io.prochat.rtc.gateway.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.prochat.rtc.gateway.ChatGateway;
import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card whose rewrite could not happen when its call ended (Mattermost down; or the gateway gone before it could
 * send) is rewritten later: by the catch-up once Mattermost answers again, and by the next gateway on the same
 * store after a restart.
 */
class CardCatchUpTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    private static StubMapping mattermostRefusesPatches(MattermostStub mm) {
        return mm.server().stubFor(put(urlPathMatching("/api/v4/posts/[^/]+/patch")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"id\":\"api.down\",\"message\":\"down\"}")));
    }

    private static boolean showsEnded(MattermostStub mm, String postId) {
        return mm.storedPost(postId).toString().contains("(ended)");
    }

    @Test
    void aCardLeftActiveByAnOutageIsRewrittenOnceMattermostIsBack() {
        try (ChatGateway gw = ChatGateway.start(dir, clock, true)) {
            assertThat(gw.command("/huddle", "standup", gw.alice).status()).isEqualTo(200);
            String postId = gw.onlyCardPostId();
            StubMapping down = mattermostRefusesPatches(gw.mm);
            assertThat(gw.click(gw.mm.click(postId, "end", gw.alice)).status()).isEqualTo(200);
            ChatGateway.eventually(() -> gw.mm.requests("PUT", "/api/v4/posts/" + postId + "/patch").size(),
                    n -> n > 0);
            gw.catchUpCards();
            assertThat(showsEnded(gw.mm, postId)).as("Mattermost is still down").isFalse();

            gw.mm.server().removeStub(down);
            gw.catchUpCards();
            assertThat(showsEnded(gw.mm, postId)).as("tried again only after its back-off").isFalse();
            clock.advance(Duration.ofMinutes(3));
            gw.catchUpCards();
            assertThat(showsEnded(gw.mm, postId)).isTrue();
        }
    }

    @Test
    void aCardLeftActiveWhenTheGatewayStoppedIsRewrittenByTheNextOneOnTheSameStore() {
        try (MattermostStub mm = MattermostStub.start()) {
            String postId;
            StubMapping down;
            ChatGateway first = ChatGateway.start(dir, clock, true, mm);
            try {
                assertThat(first.command("/huddle", "standup", first.alice).status()).isEqualTo(200);
                postId = first.onlyCardPostId();
                down = mattermostRefusesPatches(mm);
                assertThat(first.click(mm.click(postId, "end", first.alice)).status()).isEqualTo(200);
                ChatGateway.eventually(() -> mm.requests("PUT", "/api/v4/posts/" + postId + "/patch").size(),
                        n -> n > 0);
            } finally {
                first.gateway.close(); // Mattermost stays; the gateway is gone with the card still active
            }
            mm.server().removeStub(down);
            // the first gateway's try is claimed in the store until its back-off passes, as if it were still at it
            clock.advance(Duration.ofMinutes(1));
            try (ChatGateway second = ChatGateway.start(dir, clock, true, mm)) {
                second.catchUpCards();
                assertThat(showsEnded(mm, postId)).as("rewritten after the restart").isTrue();
            }
        }
    }
}
