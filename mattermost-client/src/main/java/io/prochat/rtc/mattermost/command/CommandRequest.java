package io.prochat.rtc.mattermost.command;

import java.util.List;
import java.util.Map;

/**
 * What Mattermost POSTs to a custom slash command, form-encoded, field for field. Mattermost sends the
 * same token in {@code Authorization: Token <token>}; {@link #toString()} masks it.
 *
 * @param command     "/" + trigger, e.g. "/huddle"
 * @param text        everything after the trigger
 * @param teamDomain  the team's URL slug
 * @param channelName the channel's slug; direct messages look like "uid1__uid2"
 * @param responseUrl {@code <SiteURL>/hooks/commands/<id>}: 5 more posts within 30 minutes
 * @param triggerId   opens an interactive dialog for this user, briefly
 */
public record CommandRequest(String token, String teamId, String teamDomain, String channelId, String channelName,
                             String userId, String userName, String command, String text, String responseUrl,
                             String triggerId, List<String> userMentions, List<String> userMentionsIds,
                             List<String> channelMentions, List<String> channelMentionsIds) {

    public CommandRequest {
        userMentions = List.copyOf(userMentions == null ? List.of() : userMentions);
        userMentionsIds = List.copyOf(userMentionsIds == null ? List.of() : userMentionsIds);
        channelMentions = List.copyOf(channelMentions == null ? List.of() : channelMentions);
        channelMentionsIds = List.copyOf(channelMentionsIds == null ? List.of() : channelMentionsIds);
    }

    /** From the parsed form (or query) fields; a missing field is "" and a missing list is empty. */
    public static CommandRequest fromForm(Map<String, List<String>> form) {
        return new CommandRequest(one(form, "token"), one(form, "team_id"), one(form, "team_domain"),
                one(form, "channel_id"), one(form, "channel_name"), one(form, "user_id"), one(form, "user_name"),
                one(form, "command"), one(form, "text"), one(form, "response_url"), one(form, "trigger_id"),
                form.get("user_mentions"), form.get("user_mentions_ids"),
                form.get("channel_mentions"), form.get("channel_mentions_ids"));
    }

    private static String one(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }

    @Override
    public String toString() {
        return "CommandRequest[command=" + command + ", text=" + text + ", team=" + teamDomain + ", channel="
                + channelName + ", user=" + userName + ", token=" + (token.isEmpty() ? "(none)" : "********") + "]";
    }
}
