package io.prochat.rtc.testing.calls;

/**
 * One message the Calls webapp would send on its Mattermost WebSocket (action {@code custom_com.mattermost.calls_<type>})
 * for the peer: {@code sdp} (data = {@code {"type","sdp"}} JSON; the webapp zlib-compresses it and the plugin inflates
 * it, so it is plain here), {@code ice} (data = the RTCIceCandidate JSON), {@code mute}, {@code unmute},
 * {@code screen_on} (data = {@code {"screenStreamID"}}), {@code screen_off}; {@code data} is null when there is none.
 */
public record ClientMessage(String type, String data) {
    public static final String SDP = "sdp";
    public static final String ICE = "ice";
    public static final String MUTE = "mute";
    public static final String UNMUTE = "unmute";
    public static final String SCREEN_ON = "screen_on";
    public static final String SCREEN_OFF = "screen_off";
}
