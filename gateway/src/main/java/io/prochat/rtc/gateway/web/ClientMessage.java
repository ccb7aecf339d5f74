package io.prochat.rtc.gateway.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * One message from the join page over the huddle WebSocket. {@code type} says which fields matter:
 * {@code join} (sdp, tracks, mic, camera), {@code resume} (sessionId, resumeToken: the secret that came with {@code joined}), {@code answer} (sdp), {@code offer} (sdp;
 * refused: the server makes every offer after the join), {@code candidate} (candidate), {@code mute} (muted),
 * {@code camera} (on), {@code screen} (on, audio), {@code leave}, {@code ping}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientMessage(String type, String sdp, Map<String, String> tracks, Boolean mic, Boolean camera,
        String candidate, Boolean muted, Boolean on, Boolean audio, String sessionId, String resumeToken) {
    boolean flag(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
