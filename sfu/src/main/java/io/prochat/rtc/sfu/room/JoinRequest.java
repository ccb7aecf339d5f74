package io.prochat.rtc.sfu.room;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.prochat.rtc.sfu.MediaTransport;

/**
 * A client's join: who (from its verified token), its first SDP offer with one send-only transceiver per track it
 * may ever publish, what each of those mids carries, and what is live from the start.
 *
 * <p>A Calls-plugin session ({@link #calls}) is different: its id is the plugin's, its first offer may hold only the
 * data channel, it adds tracks later with offers of its own (classified by MediaStream id, as rtcd does), and it is
 * sent others' tracks only once its data channel is open ({@link Room#dataChannelOpen}).
 *
 * @param tracks mid → "mic", "camera", "screen" or "screen-audio"; other mids are rejected in the answer
 * @param sessionId the session id to use, or null for a random one
 * @param clientNegotiates the client offers its own tracks after the join (the Calls client), see {@link Room#clientOffer(String, String)}
 * @param onTransport called on the control thread with the session's transport as soon as it exists (before DTLS
 *     can connect), e.g. to open its data channels; may be null
 */
public record JoinRequest(String userId, String name, String offerSdp, Map<String, String> tracks, boolean micOn,
        boolean cameraOn, String sessionId, boolean clientNegotiates, Consumer<MediaTransport> onTransport) {
    public JoinRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(offerSdp, "offerSdp");
        tracks = tracks == null ? Map.of() : Map.copyOf(tracks);
        name = name == null ? userId : name;
    }

    /** A huddle page's join. */
    public JoinRequest(String userId, String name, String offerSdp, Map<String, String> tracks, boolean micOn,
            boolean cameraOn) {
        this(userId, name, offerSdp, tracks, micOn, cameraOn, null, false, null);
    }

    /** A Calls client's join: its first offer, under the plugin's session id; muted until it says otherwise. */
    public static JoinRequest calls(String sessionId, String userId, String offerSdp,
            Consumer<MediaTransport> onTransport) {
        Objects.requireNonNull(sessionId, "sessionId");
        return new JoinRequest(userId, userId, offerSdp, Map.of(), false, false, sessionId, true, onTransport);
    }
}
