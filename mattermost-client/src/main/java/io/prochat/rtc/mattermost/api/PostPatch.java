package io.prochat.rtc.mattermost.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * Body of {@code PUT /api/v4/posts/{id}/patch}: only the fields given change. {@code props}, when
 * given, replaces all props, so a patch that keeps the attachments must repeat them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostPatch(String message, Map<String, Object> props, @JsonProperty("is_pinned") Boolean isPinned) {

    public static PostPatch of(String message, Map<String, Object> props) {
        return new PostPatch(message, props, null);
    }
}
