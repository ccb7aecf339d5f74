package io.prochat.rtc.testing.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts kept in memory, as Mattermost would: create (201, id and times filled in, type slack_attachment
 * when attachments are present), patch (only the given fields; props replaced whole) and ephemeral.
 * Like the real server, answers leave out each action's {@code integration}; {@link #stored} keeps it.
 */
final class PostsTransformer implements ResponseDefinitionTransformerV2 {
    static final String NAME = "mattermost-posts";

    private final Map<String, ObjectNode> posts = new ConcurrentHashMap<>();
    private volatile String botUserId = "";

    void botUserId(String id) {
        this.botUserId = id;
    }

    ObjectNode stored(String postId) {
        return posts.get(postId);
    }

    Map<String, ObjectNode> all() {
        return posts;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String method = event.getRequest().getMethod().getName();
        String path = event.getRequest().getUrl().split("\\?", 2)[0];
        JsonNode body;
        try {
            body = MattermostJson.JSON.readTree(event.getRequest().getBodyAsString());
        } catch (IOException e) {
            return error(400, "api.context.invalid_body_param.app_error", "Invalid or missing post in request body.");
        }
        if (body == null || !body.isObject()) {
            return error(400, "api.context.invalid_body_param.app_error", "Invalid or missing post in request body.");
        }
        long now = System.currentTimeMillis();
        if (method.equals("POST") && path.equals("/api/v4/posts")) {
            return create((ObjectNode) body, now, 201);
        }
        if (method.equals("POST") && path.equals("/api/v4/posts/ephemeral")) {
            JsonNode post = body.get("post");
            if (post == null || !post.isObject()) {
                return error(400, "api.context.invalid_body_param.app_error", "Invalid or missing post in request body.");
            }
            return create((ObjectNode) post.deepCopy(), now, 201);
        }
        if (method.equals("PUT") && path.matches("/api/v4/posts/[^/]+/patch")) {
            return patch(path.split("/")[4], (ObjectNode) body, now);
        }
        return error(404, "api.context.404.app_error", "Sorry, we could not find the page.");
    }

    private ResponseDefinition create(ObjectNode in, long now, int status) {
        if (!in.hasNonNull("channel_id") || in.get("channel_id").asText().isEmpty()) {
            return error(400, "model.post.is_valid.channel_id.app_error", "Invalid channel id.");
        }
        ObjectNode p = MattermostJson.JSON.createObjectNode();
        String id = MattermostIds.newId();
        JsonNode props = in.hasNonNull("props") ? in.get("props") : MattermostJson.JSON.createObjectNode();
        p.put("id", id).put("create_at", now).put("update_at", now).put("edit_at", 0).put("delete_at", 0)
                .put("is_pinned", false).put("user_id", botUserId).put("channel_id", in.get("channel_id").asText())
                .put("root_id", in.path("root_id").asText("")).put("original_id", "")
                .put("message", in.path("message").asText(""))
                .put("type", props.has("attachments") ? "slack_attachment" : in.path("type").asText(""))
                .set("props", props);
        p.put("hashtags", "").put("pending_post_id", "").put("reply_count", 0).put("last_reply_at", 0)
                .putNull("participants");
        p.putObject("metadata");
        posts.put(id, p);
        return json(status, stripped(p));
    }

    private ResponseDefinition patch(String id, ObjectNode patch, long now) {
        ObjectNode p = posts.get(id);
        if (p == null) {
            return error(404, "app.post.get.app_error", "Unable to get the post.");
        }
        synchronized (p) {
            for (String field : new String[] {"message", "props", "is_pinned", "file_ids", "has_reactions"}) {
                if (patch.has(field) && !patch.get(field).isNull()) {
                    p.set(field, patch.get(field));
                }
            }
            p.put("edit_at", now).put("update_at", now);
            return json(200, stripped(p));
        }
    }

    /** A copy without integration url/context: what the API hands out. */
    private static ObjectNode stripped(ObjectNode post) {
        ObjectNode copy = post.deepCopy();
        JsonNode attachments = copy.path("props").path("attachments");
        if (attachments instanceof ArrayNode list) {
            for (JsonNode a : list) {
                for (JsonNode action : a.path("actions")) {
                    ((ObjectNode) action).remove("integration");
                }
            }
        }
        return copy;
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("X-Request-Id", MattermostIds.newId()).withBody(body.toString()).build();
    }

    static ResponseDefinition error(int status, String id, String message) {
        String requestId = MattermostIds.newId();
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("X-Request-Id", requestId)
                .withBody(MattermostJson.appError(id, message, "", requestId, status)).build();
    }
}
