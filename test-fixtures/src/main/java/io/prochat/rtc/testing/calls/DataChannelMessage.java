package io.prochat.rtc.testing.calls;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A message the server sent on the {@code calls-dc} data channel: text as is (e.g. {@code pong}), binary as base64.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataChannelMessage(long at, boolean text, String data) {
}
