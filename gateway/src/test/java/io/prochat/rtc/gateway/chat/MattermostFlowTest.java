package io.prochat.rtc.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ChatGateway;
import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import io.prochat.rtc.testing.mattermost.Recorded;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path as people live it, against a Mattermost-shaped server: {@code /huddle standup} → the bot's
 * card → Join for two users → End → the card rewritten with both names and the duration.
 */
class MattermostFlowTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private ChatGateway gw;

    @BeforeEach
    void start() {
        gw = ChatGateway.start(dir, clock, true);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void huddleStandupJoinTwiceEndAndTheCardShowsWhoTookPartAndForHowLong() {
        assertThat(gw.command("/huddle", "standup", gw.alice).status()).isEqualTo(200);
        String postId = gw.onlyCardPostId();

        clock.advance(Duration.ofSeconds(20));
        assertThat(gw.click(gw.mm.click(postId, "join", gw.alice)).json().get("ephemeral_text").asText())
                .contains("[Join the huddle](");
        clock.advance(Duration.ofSeconds(40));
        assertThat(gw.click(gw.mm.click(postId, "join", gw.bob)).json().get("ephemeral_text").asText())
                .contains("[Join the huddle](");
        clock.advance(Duration.ofMinutes(25).plusSeconds(7));
        assertThat(gw.click(gw.mm.click(postId, "end", gw.alice)).json().get("ephemeral_text").asText())
                .isEqualTo("You ended **Huddle: standup** after 26 min 7 s.");

        List<Recorded> patches = ChatGateway.eventually(() -> gw.mm.requests("PUT", "/api/v4/posts/" + postId + "/patch"),
                l -> !l.isEmpty());
        assertThat(patches).hasSize(1);
        Recorded patch = patches.get(0);
        assertThat(patch.authorization()).isEqualTo("Bearer " + MattermostStub.BOT_TOKEN);
        assertThat(patch.contentType()).startsWith("application/json");
        JsonNode body = patch.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("message", "props");
        assertThat(body.get("message").asText()).isEmpty();
        assertThat(body.at("/props").fieldNames()).toIterable().containsExactlyInAnyOrder("prochat_call_id", "attachments");
        JsonNode card = body.at("/props/attachments/0");
        assertThat(card.get("title").asText()).isEqualTo("Huddle: standup (ended)");
        assertThat(card.get("color").asText()).isEqualTo("#8A8A8A");
        assertThat(card.get("text").asText()).isEqualTo("Started by **Alice Anderson**; ended after **26 min 7 s**.");
        assertThat(card.get("fallback").asText())
                .isEqualTo("Huddle: standup ended after 26 min 7 s. Took part: Alice Anderson, Bob Brown");
        assertThat(card.at("/fields/0/title").asText()).isEqualTo("Duration");
        assertThat(card.at("/fields/0/value").asText()).isEqualTo("26 min 7 s");
        assertThat(card.at("/fields/1/title").asText()).isEqualTo("Took part");
        assertThat(card.at("/fields/1/value").asText()).isEqualTo("Alice Anderson, Bob Brown");
        assertThat(card.has("actions")).isFalse();

        // What Mattermost now shows: the same post, rewritten, with no buttons left.
        JsonNode shown = gw.mm.storedPost(postId);
        assertThat(shown.at("/props/attachments/0/fields/1/value").asText()).isEqualTo("Alice Anderson, Bob Brown");
        JsonNode call = gw.call(shown.at("/props/prochat_call_id").asText());
        assertThat(call.get("state").asText()).isEqualTo("ended");
        assertThat(call.get("durationSeconds").asLong()).isEqualTo(26 * 60 + 7);
    }

    @Test
    void aCallEndedThroughTheApiRewritesItsCardToo() {
        gw.command("/meet", "Design review --record", gw.bob);
        String postId = gw.onlyCardPostId();
        String callId = gw.mm.storedPost(postId).at("/props/prochat_call_id").asText();
        clock.advance(Duration.ofMinutes(45));

        assertThat(gw.api.delete("/api/v1/calls/" + callId).status()).isEqualTo(200);

        JsonNode card = ChatGateway.eventually(() -> gw.mm.storedPost(postId), p -> p.get("edit_at").asLong() > 0)
                .at("/props/attachments/0");
        assertThat(card.get("title").asText()).isEqualTo("Meeting: Design review (ended)");
        assertThat(card.at("/fields/0/value").asText()).isEqualTo("45 min");
        assertThat(card.at("/fields/1/value").asText()).isEqualTo("nobody joined");
    }

    @Test
    void aCardThatCannotBeRewrittenLeavesTheCallEndedAndOnRecord() {
        gw.command("/huddle", "retro", gw.alice);
        String postId = gw.onlyCardPostId();
        String callId = gw.mm.storedPost(postId).at("/props/prochat_call_id").asText();
        gw.mm.stop();

        assertThat(gw.api.delete("/api/v1/calls/" + callId).status()).isEqualTo(200);

        String scrape = ChatGateway.eventually(() -> gw.api.get("/metrics").body(),
                m -> m.contains("prochat_mattermost_cards_total{result=\"failed\"}"));
        assertThat(scrape).contains("prochat_mattermost_cards_total{result=\"failed\"} 1.0");
        assertThat(gw.call(callId).get("state").asText()).isEqualTo("ended");
    }
}
