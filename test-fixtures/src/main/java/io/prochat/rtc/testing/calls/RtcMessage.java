package io.prochat.rtc.testing.calls;

import java.nio.charset.StandardCharsets;

/**
 * rtcd's {@code rtc.Message} (research/rtcd.md §2.2): the payload of the {@code rtc} and {@code vad} envelopes.
 * The plugin sends {@code groupId}, {@code userId}, {@code callId} empty; rtcd fills them. {@code data} is the JSON
 * text as bytes, or empty (then omitted on the wire).
 */
public record RtcMessage(String groupId, String userId, String sessionId, String callId, int type, byte[] data) {
    public static final int ICE = 1;
    public static final int SDP = 2;
    public static final int MUTE = 3;
    public static final int UNMUTE = 4;
    public static final int SCREEN_ON = 5;
    public static final int SCREEN_OFF = 6;
    public static final int VOICE_ON = 7;
    public static final int VOICE_OFF = 8;
    public static final int VIDEO_ON = 9;
    public static final int VIDEO_OFF = 10;

    public RtcMessage {
        data = data == null ? new byte[0] : data.clone();
    }

    /** As the plugin sends it: only the session id, type and data. */
    public static RtcMessage fromPlugin(String sessionId, int type, String json) {
        return new RtcMessage("", "", sessionId, "", type,
                json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public String dataText() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RtcMessage[group=" + groupId + ", user=" + userId + ", session=" + sessionId + ", call=" + callId
                + ", type=" + type + ", data=" + dataText() + "]";
    }
}
