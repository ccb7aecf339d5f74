package io.prochat.rtc.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ChatGateway;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.MattermostConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.testing.mattermost.CommandForm;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only Mattermost, holding the command's token, may run a command: 401 otherwise, 503 when it is off. */
class SlashCommandAuthTest {
    @TempDir
    static Path dir;
    private static ChatGateway gw;

    @BeforeAll
    static void start() {
        gw = ChatGateway.start(dir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void theTokenInHeaderAndFieldIsAccepted() {
        assertThat(gw.send(gw.form("/huddle", "help", gw.alice)).status()).isEqualTo(200);
    }

    @Test
    void aWrongTokenIs401WithAJsonError() {
        CommandForm form = gw.form("/huddle", "standup", gw.alice).set("token", "wrong").headerToken("wrong");

        ApiClient.Answer answer = gw.send(form);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(answer.json().get("message").asText()).contains("[Mattermost] HuddleCommandToken")
                .doesNotContain(ChatGateway.HUDDLE_TOKEN);
        assertThat(gw.mm.requests()).isEmpty();
    }

    @Test
    void theOtherCommandsTokenIs401() {
        CommandForm form = gw.form("/huddle", "standup", gw.alice).set("token", ChatGateway.MEET_TOKEN)
                .headerToken(ChatGateway.MEET_TOKEN);

        assertThat(gw.send(form).status()).isEqualTo(401);
    }

    @Test
    void aMissingTokenIs401() {
        CommandForm form = gw.form("/huddle", "standup", gw.alice).remove("token").headerToken("");

        assertThat(gw.send(form).status()).isEqualTo(401);
    }

    @Test
    void aRightHeaderWithAWrongFieldIs401() {
        assertThat(gw.send(gw.form("/huddle", "standup", gw.alice).set("token", "wrong")).status()).isEqualTo(401);
        assertThat(gw.send(gw.form("/huddle", "standup", gw.alice).headerToken("wrong")).status()).isEqualTo(401);
    }

    @Test
    void anOAuthBearerHeaderIsIgnoredAndTheFieldDecides() {
        CommandForm form = gw.form("/huddle", "help", gw.alice).headerToken("");
        HttpRequest.Builder b = gw.api.unauthenticated("/mattermost/commands/huddle")
                .POST(HttpRequest.BodyPublishers.ofString(form.body()));
        form.headers().forEach(b::header);
        b.header("Authorization", "Bearer some-oauth-access-token");

        assertThat(gw.api.send(b).status()).isEqualTo(200);
    }

    @Test
    void aJsonBodyIs415() {
        HttpRequest.Builder b = gw.api.unauthenticated("/mattermost/commands/huddle")
                .header("Content-Type", "application/json").header("Authorization", "Token " + ChatGateway.HUDDLE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + ChatGateway.HUDDLE_TOKEN + "\"}"));

        assertThat(gw.api.send(b).status()).isEqualTo(415);
    }

    @Test
    void aCommandWithoutAConfiguredTokenIsOff(@TempDir Path other) {
        GatewayConfig base = TestGateway.config(other, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        GatewayConfig config = new GatewayConfig(base.http(), base.rtc(), base.logger(), base.store(), base.gateway(),
                base.jitsi(), new MattermostConfig("", "", ChatGateway.HUDDLE_TOKEN, ""));
        try (TestGateway g = TestGateway.start(config, TestGateway.API_KEY)) {
            CommandForm meet = gw.form("/meet", "review", gw.alice).set("token", "").headerToken("");
            HttpRequest.Builder b = g.api.unauthenticated("/mattermost/commands/meet")
                    .POST(HttpRequest.BodyPublishers.ofString(meet.body()));
            meet.headers().forEach(b::header);

            ApiClient.Answer answer = g.api.send(b);

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.json().get("error").asText()).isEqualTo("command_disabled");
            assertThat(answer.json().get("message").asText()).contains("[Mattermost] MeetCommandToken");
        }
    }
}
