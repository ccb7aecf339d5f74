package io.prochat.rtc.testing.calls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * rtcd's {@code /ws} envelope written and read directly with msgpack-core, from the protocol description
 * (research/rtcd.md §2.2–2.5) and independently of any codec in the gateway: one binary frame = a msgpack str (the
 * type) followed by one msgpack value (the data), not wrapped in an array.
 *
 * <p>Written as the plugin's Go client writes them: {@code join} as a map of six entries, {@code leave} and
 * {@code reconnect} as a str→str map, {@code rtc} as rtc.Message's map with keys in struct order and {@code data}
 * (bin) omitted when empty. Read leniently, as Go does: integers of any width, {@code data} as bin or str, unknown keys
 * ignored.
 */
public final class RtcdWire {
    private RtcdWire() {
    }

    /** {@code join}: {callID, userID, sessionID, channelID, av1Support, dcSignaling}. */
    public static byte[] join(String callId, String userId, String sessionId, String channelId, boolean av1Support,
                              boolean dcSignaling) {
        return pack(p -> {
            p.packString("join");
            p.packMapHeader(6);
            p.packString("callID").packString(callId);
            p.packString("userID").packString(userId);
            p.packString("sessionID").packString(sessionId);
            p.packString("channelID").packString(channelId);
            p.packString("av1Support").packBoolean(av1Support);
            p.packString("dcSignaling").packBoolean(dcSignaling);
        });
    }

    /** {@code leave}: {sessionID}. */
    public static byte[] leave(String sessionId) {
        return sessionOnly("leave", sessionId);
    }

    /** {@code reconnect}: {sessionID}. */
    public static byte[] reconnect(String sessionId) {
        return sessionOnly("reconnect", sessionId);
    }

    /** {@code rtc}: rtc.Message {group_id, user_id, session_id, call_id, type, data?}. */
    public static byte[] rtc(RtcMessage m) {
        return pack(p -> {
            p.packString("rtc");
            byte[] data = m.data();
            p.packMapHeader(data.length == 0 ? 5 : 6);
            p.packString("group_id").packString(m.groupId());
            p.packString("user_id").packString(m.userId());
            p.packString("session_id").packString(m.sessionId());
            p.packString("call_id").packString(m.callId());
            p.packString("type").packInt(m.type());
            if (data.length > 0) {
                p.packString("data").packBinaryHeader(data.length);
                p.writePayload(data);
            }
        });
    }

    /** Reads one frame from rtcd; never throws: what does not decode is an {@link RtcdFrame.Unknown}. */
    public static RtcdFrame decode(byte[] frame) {
        String type = "?";
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            type = u.unpackString();
            Value data = u.hasNext() ? u.unpackValue() : null;
            switch (type) {
                case "hello" -> {
                    Map<String, String> m = strings(data);
                    return new RtcdFrame.Hello(m.get("clientID"), m.get("connID"));
                }
                case "close" -> {
                    return new RtcdFrame.Close(strings(data).get("sessionID"));
                }
                case "rtc" -> {
                    return new RtcdFrame.Rtc(message(data));
                }
                case "vad" -> {
                    return new RtcdFrame.Vad(message(data));
                }
                default -> {
                    return new RtcdFrame.Unknown(type, data == null ? "no data" : data.toJson());
                }
            }
        } catch (IOException | RuntimeException e) {
            return new RtcdFrame.Unknown(type, "undecodable: " + e);
        }
    }

    private static RtcMessage message(Value data) {
        if (data == null || !data.isMapValue()) {
            throw new IllegalArgumentException("rtc.Message is not a map: " + data);
        }
        Map<String, Value> m = new LinkedHashMap<>();
        data.asMapValue().map().forEach((k, v) -> m.put(k.isStringValue() ? k.asStringValue().asString() : k.toJson(), v));
        byte[] bytes = new byte[0];
        Value d = m.get("data");
        if (d != null && d.isBinaryValue()) {
            bytes = d.asBinaryValue().asByteArray();
        } else if (d != null && d.isStringValue()) {
            bytes = d.asStringValue().asString().getBytes(StandardCharsets.UTF_8);
        }
        Value t = m.get("type");
        return new RtcMessage(text(m.get("group_id")), text(m.get("user_id")), text(m.get("session_id")),
                text(m.get("call_id")), t != null && t.isIntegerValue() ? t.asIntegerValue().toInt() : 0, bytes);
    }

    private static String text(Value v) {
        return v != null && v.isStringValue() ? v.asStringValue().asString() : "";
    }

    private static Map<String, String> strings(Value data) {
        Map<String, String> out = new LinkedHashMap<>();
        if (data != null && data.isMapValue()) {
            data.asMapValue().map().forEach((k, v) -> out.put(text(k), text(v)));
        }
        return out;
    }

    private static byte[] sessionOnly(String type, String sessionId) {
        return pack(p -> {
            p.packString(type);
            p.packMapHeader(1);
            p.packString("sessionID").packString(sessionId);
        });
    }

    private interface Writer {
        void write(MessageBufferPacker p) throws IOException;
    }

    private static byte[] pack(Writer w) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            w.write(p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
