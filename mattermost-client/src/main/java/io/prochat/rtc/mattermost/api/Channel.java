package io.prochat.rtc.mattermost.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A channel. {@code type} is "O" public, "P" private, "D" direct, "G" group; {@code teamId} and
 * {@code displayName} are empty for direct messages, whose {@code name} is "uid1__uid2".
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Channel(String id, String teamId, String type, String displayName, String name, Long deleteAt) {
}
