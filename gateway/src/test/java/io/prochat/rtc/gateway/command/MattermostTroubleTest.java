package io.prochat.rtc.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ChatGateway;
import io.prochat.rtc.testing.mattermost.Recorded;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rate-limited or unreachable Mattermost: the user still gets an answer and the call is never lost. */
class MattermostTroubleTest {
    @TempDir
    Path dir;
    private ChatGateway gw;

    @BeforeEach
    void start() {
        gw = ChatGateway.start(dir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void a429IsRetriedOnceAfterTheAdvertisedWait() {
        gw.mm.rateLimitOnce("POST", "/api/v4/posts", 1);

        JsonNode reply = gw.command("/huddle", "standup", gw.alice).json();

        assertThat(reply.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(reply.get("text").asText()).startsWith("Started **Huddle: standup**");
        List<Recorded> posts = gw.mm.requests("POST", "/api/v4/posts");
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).body()).isEqualTo(posts.get(0).body());
        assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(gw.mm.storedPosts()).hasSize(1);
    }

    @Test
    void aMattermostThatIsDownGetsTheCardAsTheUsersReplyAndTheCallIsKept() {
        gw.mm.stop();

        JsonNode reply = gw.command("/huddle", "standup", gw.alice).json();

        assertThat(reply.get("response_type").asText()).isEqualTo("in_channel");
        assertThat(reply.get("text").asText()).isEmpty();
        assertThat(reply.at("/attachments/0/title").asText()).isEqualTo("Huddle: standup");
        assertThat(reply.at("/attachments/0/text").asText()).isEqualTo("Started by **alice**. **Join** gives you a link of your own.");
        assertThat(reply.at("/attachments/0/actions/0/integration/url").asText()).isEqualTo(gw.url() + "/mattermost/actions");
        String callId = reply.at("/props/prochat_call_id").asText();
        JsonNode note = reply.at("/extra_responses/0");
        assertThat(note.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(note.get("text").asText()).isEqualTo("The ProChat bot could not post the card (Mattermost's API did "
                + "not answer), so it is your reply instead and will not show when the call ends. The call itself is "
                + "recorded: `/huddle status` lists it.\nYour Mattermost profile was not available, so the call shows you as alice.");

        JsonNode calls = gw.api.get("/api/v1/calls?state=active&channelId=" + gw.mm.channel.id()).json().get("calls");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).get("id").asText()).isEqualTo(callId);
        assertThat(calls.get(0).at("/createdBy/name").asText()).isEqualTo("alice");
        assertThat(gw.command("/huddle", "status", gw.alice).json().get("text").asText())
                .contains("* **Huddle: standup**, started by alice ");
    }

    @Test
    void aBotThatMayNotPostIsToldToJoinTheChannel() {
        gw.mm.failOnce("POST", "/api/v4/posts", 403, "api.context.permissions.app_error",
                "You do not have the appropriate permissions.");

        JsonNode reply = gw.command("/huddle", "", gw.alice).json();

        assertThat(reply.get("response_type").asText()).isEqualTo("in_channel");
        assertThat(reply.at("/attachments/0/title").asText()).isEqualTo("Huddle");
        assertThat(reply.at("/extra_responses/0/text").asText())
                .startsWith("The ProChat bot could not post the card (the bot may not post here; add it to this channel)");
        assertThat(gw.mm.requests("POST", "/api/v4/posts")).hasSize(1); // a 403 is not retried
    }
}
