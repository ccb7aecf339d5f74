package io.prochat.rtc.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.testing.mattermost.CommandForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's input attacks through Mattermost: oversized and malformed command fields get a clear ephemeral
 * refusal instead of a store error, user text in a card cannot form a link or a mention, bidirectional overrides
 * are refused, and the pages go out with a strict Content-Security-Policy.
 */
class InputHygieneTest {
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
    void aFiveHundredCharacterUserIdIsRefusedInTheReply() {
        CommandForm form = gw.form("/huddle", "standup", gw.alice).set("user_id", "u".repeat(500));
        ApiClient.Answer a = gw.send(form);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("response_type").asText()).isEqualTo("ephemeral");
        assertThat(a.json().get("text").asText()).contains("user_id is longer than 64 characters");
    }

    @Test
    void controlCharactersAndBidiOverridesInTheTopicAreRefused() {
        int cards = gw.mm.requests("POST", "/api/v4/posts").size();
        for (String topic : new String[] {"stand\u0000up", "evil\u202Etxt.exe", "a\u2066b", "broken \uFFFD utf-8"}) {
            JsonNode reply = gw.command("/huddle", topic, gw.alice).json();
            assertThat(reply.get("response_type").asText()).as(topic).isEqualTo("ephemeral");
            assertThat(reply.get("text").asText()).as(topic).startsWith("/huddle could not use this: text ");
        }
        assertThat(gw.mm.requests("POST", "/api/v4/posts")).as("no card was posted").hasSize(cards);
    }

    @Test
    void aMarkdownLinkOrMentionInTheTopicStaysText() {
        gw.command("/huddle", "[Click to join](http://evil.example/phish) @channel *now*", gw.alice);

        String postId = ChatGateway.eventually(() -> gw.mm.storedPosts().keySet().stream()
                .filter(id -> gw.mm.storedPost(id).toString().contains("phish")).findFirst().orElse(""), s -> !s.isEmpty());
        JsonNode card = gw.mm.storedPost(postId).at("/props/attachments/0");
        String text = card.get("title").asText() + "\n" + card.get("text").asText();
        assertThat(text).contains("\\[Click to join\\]\\(http:\u2060//evil\\.example/phish\\)", "@\u2060channel", "\\*now\\*")
                .doesNotContain("](http", "http://", "@channel");
    }

    @Test
    void theEchoPageHasAStrictPolicyThatAllowsOnlyItsOwnInlineCode() {
        HttpResponse<String> page = gw.api.send(gw.api.unauthenticated("/echo").GET()).raw();

        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).startsWith("default-src 'none'; script-src 'self' 'sha256-").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
}
