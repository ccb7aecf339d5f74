package io.prochat.rtc.mattermost.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * A Slack-style message attachment (in {@code props.attachments} of a post, or {@code attachments} of a
 * command answer). {@code fallback} is the plain-text summary notifications show.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Attachment(String fallback, String color, String pretext, String text, String title,
                         String titleLink, List<Field> fields, String footer, List<PostAction> actions) {

    /** A label/value pair; {@code short} ones sit two to a row. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Field(String title, String value, @JsonProperty("short") boolean isShort) {
    }
}
