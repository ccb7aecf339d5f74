package io.prochat.rtc.mattermost.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * What Mattermost POSTs (JSON) when a button is clicked. {@code team_id}/{@code team_domain} are empty in
 * direct and group messages; {@code context} is the button's {@code integration.context}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PostActionRequest(String userId, String userName, String channelId, String channelName, String teamId,
                                String teamDomain, String postId, String triggerId, String type, String dataSource,
                                Map<String, Object> context) {
}
