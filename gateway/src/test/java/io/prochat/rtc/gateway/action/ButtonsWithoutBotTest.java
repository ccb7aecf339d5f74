package io.prochat.rtc.gateway.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ChatGateway;
import io.prochat.rtc.testing.mattermost.Click;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a bot the card is the user's reply; End then rewrites it through the click's answer. */
class ButtonsWithoutBotTest {
    @TempDir
    Path dir;

    @Test
    void endRewritesTheCardInItsAnswer() {
        try (ChatGateway gw = ChatGateway.start(dir, Clock.systemUTC(), false)) {
            JsonNode reply = gw.command("/huddle", "standup", gw.alice).json();
            assertThat(reply.get("response_type").asText()).isEqualTo("in_channel");
            assertThat(reply.has("extra_responses")).isFalse(); // no bot configured: nothing went wrong
            assertThat(reply.at("/attachments/0/text").asText()).isEqualTo("Started by **alice**. **Join** gives you a link of your own.");

            JsonNode endButton = reply.at("/attachments/0/actions/1");
            JsonNode answer = gw.click(Click.of(endButton, gw.alice, gw.mm.channel, "p0stidp0stidp0stidp0stid12")).json();

            assertThat(answer.get("ephemeral_text").asText()).startsWith("You ended **Huddle: standup** after ");
            assertThat(answer.at("/update/message").asText()).isEmpty();
            assertThat(answer.at("/update/props/attachments/0/title").asText()).isEqualTo("Huddle: standup (ended)");
            assertThat(answer.at("/update/props/attachments/0/actions").isMissingNode()).isTrue();
            assertThat(answer.at("/update/props/prochat_call_id").asText()).isEqualTo(reply.at("/props/prochat_call_id").asText());
            assertThat(gw.mm.requests()).isEmpty();
        }
    }
}
