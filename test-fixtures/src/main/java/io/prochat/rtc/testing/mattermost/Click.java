package io.prochat.rtc.testing.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A button click as Mattermost's {@code DoActionRequest} sends it: POST to the integration URL with
 * {@code Content-Type: application/json}, {@code Accept: application/json} and no Authorization header.
 */
public record Click(String url, ObjectNode body) {

    /** A click on {@code action} (a button as posted, integration included) by {@code user}. */
    public static Click of(JsonNode action, StubUser user, StubChannel channel, String postId) {
        ObjectNode b = MattermostJson.JSON.createObjectNode();
        b.put("user_id", user.id()).put("user_name", user.username()).put("channel_id", channel.id())
                .put("channel_name", channel.name()).put("team_id", channel.teamId()).put("team_domain", channel.teamName())
                .put("post_id", postId).put("trigger_id", MattermostIds.triggerId(user.id()))
                .put("type", action.path("type").asText("button")).put("data_source", "");
        b.set("context", action.path("integration").path("context").deepCopy());
        return new Click(action.path("integration").path("url").asText(), b);
    }

    /** The same click with another context, e.g. a forged one. */
    public Click withContext(JsonNode context) {
        ObjectNode b = body.deepCopy();
        b.set("context", context);
        return new Click(url, b);
    }
}
