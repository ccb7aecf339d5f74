package io.prochat.rtc.gateway.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ChatGateway;
import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.testing.mattermost.Click;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Join and End clicks as Mattermost relays them; forged, replayed and expired contexts are refused. */
class ButtonsTest {
    private static final Pattern LINK = Pattern.compile("\\]\\((https?://[^)]+)\\)");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private ChatGateway gw;
    private String postId;

    @BeforeEach
    void start() {
        gw = ChatGateway.start(dir, clock, true);
        gw.command("/huddle", "standup", gw.alice);
        postId = gw.onlyCardPostId();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void joinGivesTheClickerALinkSignedWithTheirMattermostProfile() {
        ApiClient.Answer answer = gw.click(gw.mm.click(postId, "join", gw.bob));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode reply = answer.json();
        assertThat(reply.fieldNames()).toIterable().containsExactlyInAnyOrder("ephemeral_text", "skip_slack_parsing");
        String text = reply.get("ephemeral_text").asText();
        assertThat(text).startsWith("Your own link to **Huddle: standup**: [Join the huddle](")
                .contains(")\nIt carries your name and works until ").endsWith(" UTC; please do not pass it on.");
        DecodedJWT jwt = JWT.decode(link(text).replaceAll(".*[?&]jwt=([^&#]+).*", "$1"));
        Map<String, Object> user = jwt.getClaim("context").asMap();
        @SuppressWarnings("unchecked")
        Map<String, Object> u = (Map<String, Object>) user.get("user");
        assertThat(u).containsEntry("id", gw.bob.id()).containsEntry("name", "Bob Brown")
                .containsEntry("email", "bob@example.org").containsEntry("moderator", false);
        assertThat((String) u.get("avatar")).startsWith(gw.mm.url() + "/api/v4/users/" + gw.bob.id() + "/image?_=");

        JsonNode call = gw.call(gw.mm.storedPost(postId).at("/props/prochat_call_id").asText());
        assertThat(call.get("participants")).hasSize(1);
        assertThat(call.at("/participants/0/name").asText()).isEqualTo("Bob Brown");
    }

    @Test
    void theStarterJoinsAsModerator() {
        String text = gw.click(gw.mm.click(postId, "join", gw.alice)).json().get("ephemeral_text").asText();

        assertThat(text).endsWith(" You are a moderator.");
    }

    @Test
    void aForgedContextIsRefused() {
        Click real = gw.mm.click(postId, "join", gw.bob);
        ObjectNode context = (ObjectNode) real.body().get("context");

        for (String field : new String[] {"sig", "call", "nonce", "iat"}) {
            ObjectNode forged = context.deepCopy();
            String v = forged.get(field).asText();
            forged.put(field, (v.charAt(0) == '1' ? "2" : "1") + v.substring(1));
            ApiClient.Answer answer = gw.click(real.withContext(forged));
            assertThat(answer.status()).as(field).isEqualTo(403);
            assertThat(answer.json().get("error").asText()).isEqualTo("forbidden");
        }
        ObjectNode relabelled = context.deepCopy().put("action", "end");
        assertThat(gw.click(real.withContext(relabelled)).status()).isEqualTo(403);
        ObjectNode unsigned = context.deepCopy();
        unsigned.remove("sig");
        assertThat(gw.click(real.withContext(unsigned)).status()).isEqualTo(403);
        assertThat(gw.click(real.withContext(ChatGateway.JSON.createObjectNode())).status()).isEqualTo(403);
        assertThat(gw.api.get("/api/v1/calls").json().at("/calls/0/id").asText()).isNotEmpty();
        assertThat(gw.call(context.get("call").asText()).get("participants")).isEmpty();
    }

    @Test
    void aReplayedClickIsRefused() {
        Click click = gw.mm.click(postId, "join", gw.bob);
        assertThat(gw.click(click).status()).isEqualTo(200);

        ApiClient.Answer replay = gw.click(click);

        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.json().get("error").asText()).isEqualTo("replayed");
        assertThat(gw.click(gw.mm.click(postId, "join", gw.bob)).status()).as("a new click").isEqualTo(200);
    }

    @Test
    void anExpiredCardIsRefusedWithAnExplanation() {
        clock.advance(Duration.ofHours(24).plusMinutes(1));

        ApiClient.Answer answer = gw.click(gw.mm.click(postId, "join", gw.bob));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("ephemeral_text").asText()).isEqualTo("This card's buttons have expired "
                + "(they work for 24 h). `/huddle status` lists the calls still running.");
    }

    @Test
    void endBySomeoneElseIsRefusedWithoutUsingUpTheButton() {
        Click lateJoin = gw.mm.click(postId, "join", gw.bob);
        JsonNode refused = gw.click(gw.mm.click(postId, "end", gw.bob)).json();
        assertThat(refused.get("ephemeral_text").asText())
                .isEqualTo("Only Alice Anderson (who started this huddle), its moderators or a system admin can end it.");

        clock.advance(Duration.ofMinutes(12).plusSeconds(3));
        JsonNode ended = gw.click(gw.mm.click(postId, "end", gw.alice)).json();

        assertThat(ended.fieldNames()).toIterable().containsExactlyInAnyOrder("ephemeral_text", "skip_slack_parsing");
        assertThat(ended.get("ephemeral_text").asText()).isEqualTo("You ended **Huddle: standup** after 12 min 3 s.");
        JsonNode card = ChatGateway.eventually(() -> gw.mm.storedPost(postId), p -> p.get("edit_at").asLong() > 0)
                .at("/props/attachments/0");
        assertThat(card.at("/fields/0/value").asText()).isEqualTo("12 min 3 s");
        assertThat(card.get("title").asText()).isEqualTo("Huddle: standup (ended)");
        assertThat(card.has("actions")).isFalse();
        assertThat(gw.click(lateJoin).json().get("ephemeral_text").asText()).isEqualTo("**Huddle: standup** has ended.");
    }

    private static String link(String text) {
        Matcher m = LINK.matcher(text);
        assertThat(m.find()).as("a markdown link in: " + text).isTrue();
        return m.group(1);
    }
}
