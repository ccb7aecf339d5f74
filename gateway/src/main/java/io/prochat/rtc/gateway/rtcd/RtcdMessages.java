package io.prochat.rtc.gateway.rtcd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Arrays;
import java.util.Objects;

/**
 * Every message of rtcd's WebSocket protocol (rtcd.md §2.3, §2.4) as a record, plus the {@code SessionConfig} of
 * {@code GET /calls/{callID}/sessions}. The wire form is {@link RtcdCodec}'s business; these are plain values.
 */
public final class RtcdMessages {
    private RtcdMessages() {
    }

    /** rtc.MessageType values (rtcd.md §2.2). */
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

    /** One envelope: its {@link #type()} is the msgpack str that starts the frame. */
    public sealed interface Message permits Incoming, Outgoing, Hello {
        String type();
    }

    /** Plugin → server. */
    public sealed interface Incoming extends Message permits Join, Leave, Reconnect, Rtc {
    }

    /** Server → plugin, for one session (what {@link RtcdOutbound#send} carries). */
    public sealed interface Outgoing extends Message permits Rtc, Vad, Close {
        String sessionId();
    }

    /** Server → plugin, once, right after the WebSocket opens. */
    public record Hello(String clientId, String connId) implements Message {
        public Hello {
            Objects.requireNonNull(clientId);
            Objects.requireNonNull(connId);
        }

        @Override
        public String type() {
            return "hello";
        }
    }

    /** A user joins a call: the session is created under the authenticated client. */
    public record Join(String callId, String userId, String sessionId, String channelId, boolean av1Support,
                       boolean dcSignaling) implements Incoming {
        public Join {
            Objects.requireNonNull(callId);
            Objects.requireNonNull(userId);
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(channelId);
        }

        @Override
        public String type() {
            return "join";
        }
    }

    public record Leave(String sessionId) implements Incoming {
        public Leave {
            Objects.requireNonNull(sessionId);
        }

        @Override
        public String type() {
            return "leave";
        }
    }

    /** The user's Mattermost WebSocket reconnected, maybe through another plugin connection: route to this one. */
    public record Reconnect(String sessionId) implements Incoming {
        public Reconnect {
            Objects.requireNonNull(sessionId);
        }

        @Override
        public String type() {
            return "reconnect";
        }
    }

    /** The session ended (server → plugin). */
    public record Close(String sessionId) implements Outgoing {
        public Close {
            Objects.requireNonNull(sessionId);
        }

        @Override
        public String type() {
            return "close";
        }
    }

    /**
     * rtc.Message, both ways. From the plugin only {@code sessionId}, {@code rtcType} and {@code data} matter (the
     * ids are ""); from the server every field is filled. {@code data} is JSON text as bytes, empty when none.
     *
     * @param rtcType one of {@link #ICE} … {@link #VIDEO_OFF}
     */
    public record Rtc(String groupId, String userId, String sessionId, String callId, int rtcType, byte[] data)
            implements Incoming, Outgoing {
        public Rtc {
            Objects.requireNonNull(groupId);
            Objects.requireNonNull(userId);
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(callId);
            data = data == null ? new byte[0] : data;
        }

        @Override
        public String type() {
            return "rtc";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Rtc r && groupId.equals(r.groupId) && userId.equals(r.userId)
                    && sessionId.equals(r.sessionId) && callId.equals(r.callId) && rtcType == r.rtcType
                    && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, userId, sessionId, callId, rtcType) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Rtc[session=" + sessionId + ", call=" + callId + ", type=" + rtcType + ", " + data.length + " bytes]";
        }
    }

    /** Voice activity (server → plugin): an rtc.Message with type {@link #VOICE_ON} or {@link #VOICE_OFF}, no data. */
    public record Vad(String groupId, String userId, String sessionId, String callId, boolean voiceOn)
            implements Outgoing {
        public Vad {
            Objects.requireNonNull(groupId);
            Objects.requireNonNull(userId);
            Objects.requireNonNull(sessionId);
            Objects.requireNonNull(callId);
        }

        public int rtcType() {
            return voiceOn ? VOICE_ON : VOICE_OFF;
        }

        @Override
        public String type() {
            return "vad";
        }
    }

    /**
     * One session as {@code GET /calls/{callID}/sessions} shows it: rtcd's Go struct has no JSON tags, so the
     * field names are Go's (rtcd.md §1).
     */
    @JsonPropertyOrder({"GroupID", "CallID", "UserID", "SessionID", "Props"})
    public record SessionConfig(@JsonProperty("GroupID") String groupId, @JsonProperty("CallID") String callId,
                                @JsonProperty("UserID") String userId, @JsonProperty("SessionID") String sessionId,
                                @JsonProperty("Props") Props props) {
    }

    /** SessionConfig.Props: a Go map, so the booleans may be absent (null). */
    @JsonPropertyOrder({"channelID", "av1Support", "dcSignaling"})
    public record Props(@JsonProperty("channelID") String channelId, @JsonProperty("av1Support") Boolean av1Support,
                        @JsonProperty("dcSignaling") Boolean dcSignaling) {
    }
}
