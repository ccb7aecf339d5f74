package io.prochat.rtc.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ChatGateway;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import io.prochat.rtc.testing.mattermost.Recorded;
import io.prochat.rtc.testing.mattermost.StubUser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each sub-command, from a form built as Mattermost builds it, with the reply checked field by field. */
class SlashCommandsTest {
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
    void huddleWithATopicStartsACallPostsTheCardAsTheBotAndAnswersPrivately() {
        ApiClient.Answer answer = gw.command("/huddle", "standup", gw.alice);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode reply = answer.json();
        assertThat(reply.fieldNames()).toIterable().containsExactlyInAnyOrder("response_type", "text", "skip_slack_parsing");
        assertThat(reply.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(reply.get("skip_slack_parsing").asBoolean()).isTrue();

        // The bot looked the user up, then posted the card.
        assertThat(gw.mm.requests("GET", "/api/v4/users/" + gw.alice.id())).hasSize(1);
        Recorded post = gw.mm.requests("POST", "/api/v4/posts").get(0);
        assertThat(post.authorization()).isEqualTo("Bearer " + MattermostStub.BOT_TOKEN);
        assertThat(post.contentType()).startsWith("application/json");
        JsonNode body = post.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("channel_id", "message", "props");
        assertThat(body.get("channel_id").asText()).isEqualTo(gw.mm.channel.id());
        assertThat(body.get("message").asText()).isEmpty();
        String callId = body.at("/props/prochat_call_id").asText();
        JsonNode card = body.at("/props/attachments/0");
        assertThat(card.get("title").asText()).isEqualTo("Huddle: standup");
        assertThat(card.get("fallback").asText()).isEqualTo("Huddle: standup, started by Alice Anderson");
        assertThat(card.get("color").asText()).isEqualTo("#3DB887");
        assertThat(card.get("text").asText()).isEqualTo("Started by **Alice Anderson**. **Join** gives you a link of your own.");
        assertThat(card.at("/fields/0/title").asText()).isEqualTo("Runs on");
        assertThat(card.at("/fields/0/value").asText()).isEqualTo(backendWord(callId) + (gw.call(callId)
                .at("/route/fallback").asBoolean() ? " (fallback)" : ""));
        assertThat(card.at("/fields/0/short").asBoolean()).isTrue();
        JsonNode join = card.at("/actions/0");
        assertThat(join.get("id").asText()).isEqualTo("join");
        assertThat(join.get("type").asText()).isEqualTo("button");
        assertThat(join.get("name").asText()).isEqualTo("Join");
        assertThat(join.get("style").asText()).isEqualTo("primary");
        assertThat(join.at("/integration/url").asText()).isEqualTo(gw.url() + "/mattermost/actions");
        assertThat(join.at("/integration/context").fieldNames()).toIterable()
                .containsExactly("v", "call", "action", "iat", "nonce", "sig");
        assertThat(join.at("/integration/context/call").asText()).isEqualTo(callId);
        assertThat(join.at("/integration/context/action").asText()).isEqualTo("join");
        assertThat(card.at("/actions/1/id").asText()).isEqualTo("end");
        assertThat(card.at("/actions/1/style").asText()).isEqualTo("danger");

        // The call is on record with the user's Mattermost profile.
        JsonNode call = gw.call(callId);
        assertThat(call.get("kind").asText()).isEqualTo("huddle");
        assertThat(call.get("title").asText()).isEqualTo("standup");
        assertThat(call.get("channelId").asText()).isEqualTo(gw.mm.channel.id());
        assertThat(call.at("/createdBy/userId").asText()).isEqualTo(gw.alice.id());
        assertThat(call.at("/createdBy/name").asText()).isEqualTo("Alice Anderson");
        assertThat(call.at("/createdBy/email").asText()).isEqualTo("alice@example.org");
        assertThat(call.at("/createdBy/avatarUrl").asText()).startsWith(gw.mm.url() + "/api/v4/users/" + gw.alice.id() + "/image");
        assertThat(reply.get("text").asText()).isEqualTo("Started **Huddle: standup** on " + backendWord(callId) + " ("
                + call.at("/route/reason").asText() + "). Everyone here can use **Join** on the card.");
    }

    /** Where routing put the call, in the card's words (the SFU may or may not be ready on this build). */
    private String backendWord(String callId) {
        return gw.call(callId).get("backend").asText().equals("jitsi") ? "Jitsi" : "ProChat SFU";
    }

    @Test
    void meetWithFlagsStartsAMeetingWithThoseNeeds() {
        JsonNode reply = gw.command("/meet", "Quarterly review --record --guests --password", gw.bob).json();

        assertThat(reply.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(reply.get("text").asText()).startsWith("Started **Meeting: Quarterly review** on Jitsi (")
                .contains("\nNote: a password was asked for, but XMPP room control is not configured");
        JsonNode card = gw.mm.requests("POST", "/api/v4/posts").get(0).json().at("/props/attachments/0");
        assertThat(card.get("title").asText()).isEqualTo("Meeting: Quarterly review");
        assertThat(card.at("/fields/1/title").asText()).isEqualTo("With");
        assertThat(card.at("/fields/1/value").asText()).isEqualTo("recording, guests, password");
        JsonNode call = gw.call(card.at("/actions/0/integration/context/call").asText());
        assertThat(call.get("kind").asText()).isEqualTo("meeting");
        assertThat(call.get("requestedKind").asText()).isEqualTo("meeting");
        assertThat(call.at("/needs/recording").asBoolean()).isTrue();
        assertThat(call.at("/needs/externalGuests").asBoolean()).isTrue();
        assertThat(call.at("/needs/password").asBoolean()).isTrue();
        assertThat(call.at("/needs/lobby").asBoolean()).isFalse();
    }

    @Test
    void statusListsTheChannelsRunningCalls() {
        assertThat(gw.command("/huddle", "status", gw.alice).json().get("text").asText())
                .isEqualTo("No calls are running in this channel. Start one with `/huddle [topic]` or `/meet [topic]`.");
        gw.command("/huddle", "standup", gw.alice);
        gw.command("/meet", "start Design review", gw.bob);

        JsonNode reply = gw.command("/huddle", "status", gw.bob).json();

        assertThat(reply.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(reply.get("text").asText()).startsWith("**Running in this channel:**\n* **Meeting: Design review**, started by Bob Brown ")
                .contains("\n* **Huddle: standup**, started by Alice Anderson ")
                .contains(" ago on Jitsi; 0 people joined"); // meetings always run on Jitsi
    }

    @Test
    void endEndsTheNewestCallOfItsKindForItsStarterAndRewritesTheCard() {
        gw.command("/huddle", "standup", gw.alice);
        String postId = gw.onlyCardPostId();

        JsonNode refused = gw.command("/huddle", "end", gw.bob).json();
        assertThat(refused.get("text").asText()).isEqualTo("**Huddle: standup** is still running. "
                + "Only Alice Anderson (who started this huddle), its moderators or a system admin can end it.");
        assertThat(gw.command("/meet", "end", gw.alice).json().get("text").asText())
                .isEqualTo("No meeting is running in this channel.");

        JsonNode ended = gw.command("/huddle", "end", gw.alice).json();

        assertThat(ended.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(ended.get("text").asText()).matches("Ended \\*\\*Huddle: standup\\*\\* after \\d+ s\\.");
        List<Recorded> patches = ChatGateway.eventually(() -> gw.mm.requests("PUT", "/api/v4/posts/" + postId + "/patch"),
                l -> !l.isEmpty());
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).json().at("/props/attachments/0/title").asText()).isEqualTo("Huddle: standup (ended)");
    }

    @Test
    void aSystemAdminMayEndSomeoneElsesCall() {
        StubUser admin = gw.mm.addUser(StubUser.of("carol", "Carol", "Admin").admin());
        gw.command("/meet", "Board", gw.alice);

        assertThat(gw.command("/meet", "end", admin).json().get("text").asText()).startsWith("Ended **Meeting: Board** after ");
    }

    @Test
    void helpAndUnknownSubCommandsAnswerWithEphemeralHelp() {
        JsonNode help = gw.command("/huddle", "help", gw.alice).json();
        assertThat(help.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(help.get("text").asText()).isEqualTo(SlashCommand.HUDDLE.help());

        JsonNode typo = gw.command("/huddle", "stauts", gw.alice).json();
        assertThat(typo.get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(typo.get("text").asText()).isEqualTo("Sorry: `stauts` is not a sub-command (did you mean `status`?).\n\n"
                + SlashCommand.HUDDLE.help());

        JsonNode option = gw.command("/meet", "Review --recrod", gw.alice).json();
        assertThat(option.get("text").asText()).startsWith("Sorry: unknown option `--recrod`.\n\n**/meet**");

        JsonNode huddleOption = gw.command("/huddle", "sync --record", gw.alice).json();
        assertThat(huddleOption.get("text").asText()).startsWith("Sorry: huddles take no options (`--record`)");

        assertThat(gw.mm.requests("POST", "/api/v4/posts")).isEmpty();
        assertThat(gw.api.get("/api/v1/calls").json().get("calls")).isEmpty();
    }
}
