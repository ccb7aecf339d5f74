package io.prochat.rtc.testing.mattermost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bodies shaped like Mattermost's own (server/public/model): users, channels, teams, AppError. */
final class MattermostJson {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long CREATED = 1_700_000_000_000L;

    private MattermostJson() {
    }

    static ObjectNode user(StubUser u, boolean bot) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", u.id()).put("create_at", CREATED).put("update_at", CREATED).put("delete_at", 0)
                .put("username", u.username()).put("auth_data", "").put("auth_service", "")
                .put("email", u.email()).put("nickname", "").put("first_name", u.firstName())
                .put("last_name", u.lastName()).put("position", "").put("roles", u.roles());
        n.putObject("notify_props").put("desktop", "mention").put("email", "true").put("push", "mention");
        n.put("last_password_update", CREATED).put("last_picture_update", CREATED + 5).put("locale", "en");
        n.putObject("timezone").put("automaticTimezone", "").put("manualTimezone", "").put("useAutomaticTimezone", "true");
        n.put("disable_welcome_email", false);
        if (bot) {
            n.put("is_bot", true).put("bot_description", "ProChat calls");
        }
        return n;
    }

    static ObjectNode channel(StubChannel c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.id()).put("create_at", CREATED).put("update_at", CREATED).put("delete_at", 0)
                .put("team_id", c.teamId()).put("type", "O").put("display_name", c.displayName()).put("name", c.name())
                .put("header", "").put("purpose", "").put("last_post_at", CREATED).put("total_msg_count", 0)
                .put("extra_update_at", 0).put("creator_id", "").putNull("scheme_id").putNull("props")
                .putNull("group_constrained").putNull("shared").put("total_msg_count_root", 0)
                .putNull("policy_id").put("last_root_post_at", CREATED);
        return n;
    }

    static ObjectNode team(StubChannel c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.teamId()).put("create_at", CREATED).put("update_at", CREATED).put("delete_at", 0)
                .put("display_name", c.teamDisplayName()).put("name", c.teamName()).put("description", "")
                .put("email", "").put("type", "O").put("company_name", "").put("allowed_domains", "")
                .put("invite_id", MattermostIds.newId()).put("allow_open_invite", false).putNull("scheme_id")
                .putNull("group_constrained").putNull("policy_id").put("cloud_limits_archived", false);
        return n;
    }

    /** model.AppError as the API writes it; is_oauth is omitted when false. */
    static String appError(String id, String message, String detailed, String requestId, int status) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id).put("message", message).put("detailed_error", detailed).put("request_id", requestId)
                .put("status_code", status);
        return n.toString();
    }
}
