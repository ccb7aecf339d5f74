package io.prochat.rtc.sfu.room;

import java.util.Map;
import java.util.Objects;

/**
 * A client's join: who (from its verified token), its first SDP offer with one send-only transceiver per track it
 * may ever publish, what each of those mids carries, and what is live from the start.
 *
 * @param tracks mid → "mic", "camera", "screen" or "screen-audio"; other mids are rejected in the answer
 */
public record JoinRequest(String userId, String name, String offerSdp, Map<String, String> tracks, boolean micOn,
        boolean cameraOn) {
    public JoinRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(offerSdp, "offerSdp");
        tracks = tracks == null ? Map.of() : Map.copyOf(tracks);
        name = name == null ? userId : name;
    }
}
