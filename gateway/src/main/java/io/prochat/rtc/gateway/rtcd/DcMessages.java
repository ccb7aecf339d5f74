package io.prochat.rtc.gateway.rtcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The {@code calls-dc} data channel messages (rtcd.md §3.2): a msgpack integer (the type) and, for some types, one
 * msgpack value, concatenated. The type is written as uint8 {@code 0xcc NN}, as Go writes a {@code uint8}; any
 * integer width is read. SDP travels as bin = zlib(JSON {@code {"type","sdp"}}), inflated to at most
 * {@link #MAX_INFLATED_BYTES}. Decoding throws only {@link MalformedMessageException}.
 *
 * <p>The legacy text {@code "ping"} of older clients is not a binary message; see {@link #isLegacyPing}.
 */
public final class DcMessages {
    public static final int PING = 1;
    public static final int PONG = 2;
    public static final int SDP = 3;
    public static final int LOSS_RATE = 4;
    public static final int ROUND_TRIP_TIME = 5;
    public static final int JITTER = 6;
    public static final int LOCK = 7;
    public static final int UNLOCK = 8;
    public static final int MEDIA_MAP = 9;

    /** An SDP inflating past this is refused (a zip bomb, or not an SDP). */
    public static final int MAX_INFLATED_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DcMessages() {
    }

    /** One data channel message. */
    public sealed interface DcMessage permits Ping, Pong, Sdp, LossRate, RoundTripTime, Jitter, LockRequest,
            LockResult, Unlock, MediaMap {
        int type();
    }

    /** Client → server every second; answered with {@link Pong}. */
    public record Ping() implements DcMessage {
        public int type() {
            return PING;
        }
    }

    public record Pong() implements DcMessage {
        public int type() {
            return PONG;
        }
    }

    /** An offer or answer over the data channel ({@code dcSignaling}). */
    public record Sdp(String sdpType, String sdp) implements DcMessage {
        public Sdp {
            Objects.requireNonNull(sdpType);
            Objects.requireNonNull(sdp);
        }

        public int type() {
            return SDP;
        }
    }

    /** Client-measured loss rate (0–1). */
    public record LossRate(double value) implements DcMessage {
        public int type() {
            return LOSS_RATE;
        }
    }

    /** Client-measured round-trip time, in seconds. */
    public record RoundTripTime(double seconds) implements DcMessage {
        public int type() {
            return ROUND_TRIP_TIME;
        }
    }

    public record Jitter(double value) implements DcMessage {
        public int type() {
            return JITTER;
        }
    }

    /** Client → server: may I renegotiate? (type 7 without payload). */
    public record LockRequest() implements DcMessage {
        public int type() {
            return LOCK;
        }
    }

    /** Server → client: the answer to a {@link LockRequest} (type 7 with a bool). */
    public record LockResult(boolean acquired) implements DcMessage {
        public int type() {
            return LOCK;
        }
    }

    /** Client → server: renegotiation done. */
    public record Unlock() implements DcMessage {
        public int type() {
            return UNLOCK;
        }
    }

    /** Server → client before each server offer: transceiver mid → what it carries and whose it is. */
    public record MediaMap(Map<String, TrackInfo> tracks) implements DcMessage {
        public MediaMap {
            tracks = Collections.unmodifiableMap(new LinkedHashMap<>(tracks));
        }

        public int type() {
            return MEDIA_MAP;
        }
    }

    /** One MediaMap entry. */
    public record TrackInfo(MediaKind kind, String senderId) {
        public TrackInfo {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(senderId);
        }
    }

    /** What a track carries, with rtcd's names; {@link #UNKNOWN} for a name this version does not know. */
    public enum MediaKind {
        VOICE("voice"), SCREEN("screen"), SCREEN_AUDIO("screen-audio"), VIDEO("video"), UNKNOWN("");

        private final String wire;

        MediaKind(String wire) {
            this.wire = wire;
        }

        public String wireName() {
            return wire;
        }

        public static MediaKind parse(String s) {
            return Arrays.stream(values()).filter(k -> k != UNKNOWN && k.wire.equals(s)).findFirst().orElse(UNKNOWN);
        }
    }

    /** The legacy text message of older mobile clients, answered with the text {@code "pong"}. */
    public static boolean isLegacyPing(String text) {
        return "ping".equals(text);
    }

    public static byte[] encode(DcMessage m) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.writePayload(new byte[]{(byte) 0xcc, (byte) m.type()}); // uint8, fixed width, as Go writes it
            if (m instanceof Sdp s) {
                byte[] z = deflate(sdpJson(s));
                p.packBinaryHeader(z.length);
                p.writePayload(z);
            } else if (m instanceof LossRate l) {
                p.packDouble(l.value());
            } else if (m instanceof RoundTripTime r) {
                p.packDouble(r.seconds());
            } else if (m instanceof Jitter j) {
                p.packDouble(j.value());
            } else if (m instanceof LockResult l) {
                p.packBoolean(l.acquired());
            } else if (m instanceof MediaMap mm) {
                p.packMapHeader(mm.tracks().size());
                for (Map.Entry<String, TrackInfo> e : mm.tracks().entrySet()) {
                    if (e.getValue().kind() == MediaKind.UNKNOWN) {
                        throw new IllegalArgumentException("MediaMap entry " + e.getKey() + " has no known kind");
                    }
                    p.packString(e.getKey());
                    p.packMapHeader(2);
                    p.packString("type").packString(e.getValue().kind().wireName());
                    p.packString("sender_id").packString(e.getValue().senderId());
                }
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DcMessage decode(byte[] bytes) throws MalformedMessageException {
        MsgpackReader r = new MsgpackReader(bytes);
        if (r.atEnd()) {
            throw new MalformedMessageException("empty data channel message");
        }
        long type = r.integer("data channel message type");
        DcMessage m;
        if (type == PING) {
            m = new Ping();
        } else if (type == PONG) {
            m = new Pong();
        } else if (type == SDP) {
            m = parseSdp(inflate(r.bytes("sdp payload")));
        } else if (type == LOSS_RATE) {
            m = new LossRate(r.number("loss rate"));
        } else if (type == ROUND_TRIP_TIME) {
            m = new RoundTripTime(r.number("round-trip time"));
        } else if (type == JITTER) {
            m = new Jitter(r.number("jitter"));
        } else if (type == LOCK) {
            m = r.atEnd() ? new LockRequest() : new LockResult(r.bool("lock result"));
        } else if (type == UNLOCK) {
            m = new Unlock();
        } else if (type == MEDIA_MAP) {
            m = mediaMap(r);
        } else {
            throw new MalformedMessageException("unknown data channel message type " + type);
        }
        if (!r.atEnd() && (type == PING || type == PONG || type == UNLOCK)) {
            r.nil(m.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " payload"); // a Go nil payload is allowed
        }
        r.expectEnd("data channel message " + type);
        return m;
    }

    private static MediaMap mediaMap(MsgpackReader r) throws MalformedMessageException {
        int n = r.mapHeader("media map");
        Map<String, TrackInfo> tracks = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String mid = r.string("media map mid");
            int fields = r.mapHeader("media map entry " + RtcdCodec.printable(mid));
            String kind = null;
            String sender = null;
            for (int f = 0; f < fields; f++) {
                String key = r.string("media map entry key");
                switch (key) {
                    case "type" -> kind = r.string("media map type");
                    case "sender_id" -> sender = r.string("media map sender_id");
                    default -> r.skip("media map " + RtcdCodec.printable(key)); // e.g. the coming mime_type
                }
            }
            if (kind == null || sender == null) {
                throw new MalformedMessageException("media map entry " + RtcdCodec.printable(mid)
                        + " needs type and sender_id");
            }
            tracks.put(mid, new TrackInfo(MediaKind.parse(kind), sender));
        }
        return new MediaMap(tracks);
    }

    private static byte[] sdpJson(Sdp s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", s.sdpType());
        o.put("sdp", s.sdp());
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Sdp parseSdp(byte[] json) throws MalformedMessageException {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException | RuntimeException e) { // JacksonException is an IOException
            throw new MalformedMessageException("sdp payload is not JSON");
        }
        if (n == null || !n.isObject() || !n.path("type").isTextual() || !n.path("sdp").isTextual()) {
            throw new MalformedMessageException("sdp payload must be a JSON object {\"type\": string, \"sdp\": string}");
        }
        return new Sdp(n.get("type").textValue(), n.get("sdp").textValue());
    }

    static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater();
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 16);
            byte[] buf = new byte[4096];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** zlib → bytes, refusing anything that would inflate past {@link #MAX_INFLATED_BYTES}. */
    static byte[] inflate(byte[] z) throws MalformedMessageException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(z);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(z.length * 4 + 64, MAX_INFLATED_BYTES));
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0) { // all input is given and the buffer has room: it needs more input or a dictionary
                    throw new MalformedMessageException("sdp payload: zlib data is truncated or needs a dictionary");
                }
                if (out.size() + n > MAX_INFLATED_BYTES) {
                    throw new MalformedMessageException("sdp payload inflates past " + MAX_INFLATED_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
            if (inf.getRemaining() > 0) {
                throw new MalformedMessageException("sdp payload: bytes after the end of the zlib stream");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new MalformedMessageException("sdp payload is not zlib data");
        } finally {
            inf.end();
        }
    }
}
