package io.prochat.rtc.mattermost.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * A button on an attachment. Mattermost POSTs a {@link PostActionRequest} to {@code integration.url} when it
 * is clicked, with no Authorization header, carrying {@code integration.context}; the server strips
 * {@code integration} from posts it sends to clients, so the context can hold a signature.
 *
 * @param id    letters and digits, unique within the post
 * @param style default, primary, success, good, warning, danger, or a hex colour
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PostAction(String id, String type, String name, String style, Integration integration) {

    public static PostAction button(String id, String name, String style, String url, Map<String, Object> context) {
        return new PostAction(id, "button", name, style, new Integration(url, context));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Integration(String url, Map<String, Object> context) {
    }
}
