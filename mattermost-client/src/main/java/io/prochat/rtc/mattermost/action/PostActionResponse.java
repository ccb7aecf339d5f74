package io.prochat.rtc.mattermost.action;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * The answer to a click. {@code update} rewrites the post the button is on (props given = props replaced);
 * {@code ephemeral_text} is shown to the clicking user alone. Any non-200 answer makes the client say
 * "Action failed to execute", so refusals a user should read are 200s with ephemeral text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PostActionResponse(Update update, String ephemeralText, String gotoLocation, Boolean skipSlackParsing) {

    public static PostActionResponse ephemeral(String text) {
        return new PostActionResponse(null, text, null, true);
    }

    public static PostActionResponse updating(Update update, String text) {
        return new PostActionResponse(update, text, null, true);
    }

    /** The new message and props of the clicked post. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Update(String message, Map<String, Object> props) {
    }
}
