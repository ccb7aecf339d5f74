package io.prochat.rtc.gateway.rtcd;

import io.prochat.rtc.gateway.rtcd.RtcdMessages.Close;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Hello;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Join;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Leave;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Message;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Reconnect;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Rtc;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Vad;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The WebSocket envelope (rtcd.md §2.2): one binary frame = a msgpack str (the type) followed by one msgpack value,
 * concatenated, not in an array.
 *
 * <ul>
 *   <li>{@code hello}, {@code leave}, {@code reconnect}, {@code close}: a map of str → str.</li>
 *   <li>{@code join}: a map with str ids and two booleans.</li>
 *   <li>{@code rtc}, {@code vad}: rtc.Message as a map, keys in Go's field order {@code group_id, user_id,
 *       session_id, call_id, type, data}; {@code data} (bin) left out when empty, as Go's {@code omitempty}.</li>
 * </ul>
 * Written compactly like Go's encoder (fixstr/str8, fixmap, positive fixint, bin8). Read in any width; unknown keys
 * of a map are skipped; anything else that is not this shape is a {@link MalformedMessageException}. Thread-safe.
 */
public final class RtcdCodec {
    /** Frames above this are refused by the socket before they get here (rtcd's read limit). */
    public static final int MAX_FRAME_BYTES = 1 << 20;

    private RtcdCodec() {
    }

    public static byte[] encode(Message m) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packString(m.type());
            // (Java 17: no pattern switch; the interface is sealed, so the last branch is Vad)
            if (m instanceof Hello h) {
                stringMap(p, "clientID", h.clientId(), "connID", h.connId());
            } else if (m instanceof Leave l) {
                stringMap(p, "sessionID", l.sessionId());
            } else if (m instanceof Reconnect r) {
                stringMap(p, "sessionID", r.sessionId());
            } else if (m instanceof Close c) {
                stringMap(p, "sessionID", c.sessionId());
            } else if (m instanceof Join j) {
                p.packMapHeader(6);
                p.packString("callID").packString(j.callId());
                p.packString("userID").packString(j.userId());
                p.packString("sessionID").packString(j.sessionId());
                p.packString("channelID").packString(j.channelId());
                p.packString("av1Support").packBoolean(j.av1Support());
                p.packString("dcSignaling").packBoolean(j.dcSignaling());
            } else if (m instanceof Rtc r) {
                rtcMessage(p, r.groupId(), r.userId(), r.sessionId(), r.callId(), r.rtcType(), r.data());
            } else {
                Vad v = (Vad) m;
                rtcMessage(p, v.groupId(), v.userId(), v.sessionId(), v.callId(), v.rtcType(), null);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a buffer packer does no I/O
        }
    }

    private static void stringMap(MessageBufferPacker p, String... keysAndValues) throws IOException {
        p.packMapHeader(keysAndValues.length / 2);
        for (String s : keysAndValues) {
            p.packString(s);
        }
    }

    private static void rtcMessage(MessageBufferPacker p, String group, String user, String session, String call,
                                   int type, byte[] data) throws IOException {
        boolean hasData = data != null && data.length > 0;
        p.packMapHeader(hasData ? 6 : 5);
        p.packString("group_id").packString(group);
        p.packString("user_id").packString(user);
        p.packString("session_id").packString(session);
        p.packString("call_id").packString(call);
        p.packString("type").packInt(type);
        if (hasData) {
            p.packString("data").packBinaryHeader(data.length);
            p.writePayload(data);
        }
    }

    /**
     * Reads one frame. Types the server never receives ({@code hello}, {@code vad}, {@code close}) are decoded too,
     * for tests and tools; an unknown type is an error naming it.
     */
    public static Message decode(byte[] frame) throws MalformedMessageException {
        if (frame.length > MAX_FRAME_BYTES) {
            throw new MalformedMessageException("frame of " + frame.length + " bytes is over the 1 MiB limit");
        }
        MsgpackReader r = new MsgpackReader(frame);
        if (r.atEnd()) {
            throw new MalformedMessageException("empty frame");
        }
        String type = r.string("message type");
        Message m = switch (type) {
            case "hello" -> {
                Map<String, String> f = stringMap(r, "hello");
                yield new Hello(required(f, "clientID", "hello"), required(f, "connID", "hello"));
            }
            case "leave" -> new Leave(required(stringMap(r, "leave"), "sessionID", "leave"));
            case "reconnect" -> new Reconnect(required(stringMap(r, "reconnect"), "sessionID", "reconnect"));
            case "close" -> new Close(required(stringMap(r, "close"), "sessionID", "close"));
            case "join" -> join(r);
            case "rtc", "vad" -> rtcMessage(r, type);
            default -> throw new MalformedMessageException("unknown message type \"" + printable(type) + "\"");
        };
        r.expectEnd(type);
        return m;
    }

    /** A str → str map (Go decodes these as a typed map: every value must be a str). */
    private static Map<String, String> stringMap(MsgpackReader r, String type) throws MalformedMessageException {
        int n = r.mapHeader(type + " data");
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String key = r.string(type + " key");
            out.put(key, r.string(type + "." + printable(key)));
        }
        return out;
    }

    private static String required(Map<String, String> f, String key, String type) throws MalformedMessageException {
        String v = f.get(key);
        if (v == null || v.isEmpty()) {
            throw new MalformedMessageException(type + ": " + key + " is missing or empty");
        }
        return v;
    }

    private static Join join(MsgpackReader r) throws MalformedMessageException {
        int n = r.mapHeader("join data");
        String callId = null;
        String userId = null;
        String sessionId = null;
        String channelId = "";
        boolean av1 = false;
        boolean dc = false;
        for (int i = 0; i < n; i++) {
            String key = r.string("join key");
            switch (key) {
                case "callID" -> callId = r.string("join.callID");
                case "userID" -> userId = r.string("join.userID");
                case "sessionID" -> sessionId = r.string("join.sessionID");
                case "channelID" -> channelId = r.string("join.channelID");
                case "av1Support" -> av1 = r.bool("join.av1Support");
                case "dcSignaling" -> dc = r.bool("join.dcSignaling");
                default -> r.skip("join." + printable(key));
            }
        }
        for (String[] f : new String[][]{{"callID", callId}, {"userID", userId}, {"sessionID", sessionId}}) {
            if (f[1] == null || f[1].isEmpty()) {
                throw new MalformedMessageException("join: " + f[0] + " is missing or empty");
            }
        }
        return new Join(callId, userId, sessionId, channelId, av1, dc);
    }

    private static Message rtcMessage(MsgpackReader r, String type) throws MalformedMessageException {
        int n = r.mapHeader(type + " data");
        String group = "";
        String user = "";
        String session = "";
        String call = "";
        long rtcType = -1;
        byte[] data = new byte[0];
        for (int i = 0; i < n; i++) {
            String key = r.string(type + " key");
            switch (key) {
                case "group_id" -> group = r.string(type + ".group_id");
                case "user_id" -> user = r.string(type + ".user_id");
                case "session_id" -> session = r.string(type + ".session_id");
                case "call_id" -> call = r.string(type + ".call_id");
                case "type" -> rtcType = r.integer(type + ".type");
                case "data" -> data = r.bytes(type + ".data");
                default -> r.skip(type + "." + printable(key)); // Go ignores unknown struct keys
            }
        }
        if (session.isEmpty()) {
            throw new MalformedMessageException(type + ": session_id is missing or empty");
        }
        if (rtcType < RtcdMessages.ICE || rtcType > RtcdMessages.VIDEO_OFF) {
            throw new MalformedMessageException(type + ": type " + (rtcType == -1 ? "is missing" : rtcType
                    + " is not an rtc message type (1-10)"));
        }
        if (type.equals("vad")) {
            if (rtcType != RtcdMessages.VOICE_ON && rtcType != RtcdMessages.VOICE_OFF) {
                throw new MalformedMessageException("vad: type " + rtcType + " must be 7 (voice on) or 8 (voice off)");
            }
            return new Vad(group, user, session, call, rtcType == RtcdMessages.VOICE_ON);
        }
        return new Rtc(group, user, session, call, (int) rtcType, data);
    }

    /** A peer-supplied string made safe for a log line: at most 40 printable ASCII characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 40 ? b + "…" : b.toString();
    }
}
