package io.prochat.rtc.mattermost.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.prochat.rtc.mattermost.action.Attachment;

import java.util.List;
import java.util.Map;

/**
 * The JSON answer to a slash command (Mattermost reads it only with {@code Content-Type: application/json}).
 * {@code response_type} "in_channel" posts it for everyone, as the invoking user; "ephemeral" shows it to
 * the invoker alone, and only when {@code text} or {@code attachments} is non-empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CommandResponse(String responseType, String text, List<Attachment> attachments,
                              Map<String, Object> props, String gotoLocation, Boolean skipSlackParsing,
                              List<CommandResponse> extraResponses) {

    public static final String EPHEMERAL = "ephemeral";
    public static final String IN_CHANNEL = "in_channel";

    /** Shown to the invoker only. Slack-markup parsing is skipped: our text is Mattermost Markdown. */
    public static CommandResponse ephemeral(String text) {
        return new CommandResponse(EPHEMERAL, text, null, null, null, true, null);
    }

    public static CommandResponse inChannel(String text, List<Attachment> attachments, Map<String, Object> props) {
        return new CommandResponse(IN_CHANNEL, text, attachments, props, null, true, null);
    }

    /** This answer followed by more posts (Mattermost 5.6+): no nesting, no goto_location in them. */
    public CommandResponse withExtra(List<CommandResponse> extra) {
        return new CommandResponse(responseType, text, attachments, props, gotoLocation, skipSlackParsing, extra);
    }
}
