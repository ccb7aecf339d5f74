package io.prochat.rtc.mattermost.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * A post as REST v4 sends and takes it (the fields a gateway touches). Times are milliseconds since
 * the epoch. Sent fields that are null are left out, so {@link #create} carries only what Mattermost
 * expects from a client.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Post(String id, Long createAt, Long updateAt, Long editAt, Long deleteAt, String userId,
                   String channelId, String rootId, String message, String type, Map<String, Object> props) {

    /** A new post for {@code POST /api/v4/posts}: channel, text and props (attachments go in props). */
    public static Post create(String channelId, String message, Map<String, Object> props) {
        return new Post(null, null, null, null, null, null, channelId, null, message, null, props);
    }
}
