package io.prochat.rtc.gateway.rtcd;

import io.prochat.rtc.gateway.rtcd.DcMessages.DcMessage;
import io.prochat.rtc.gateway.rtcd.DcMessages.Jitter;
import io.prochat.rtc.gateway.rtcd.DcMessages.LockRequest;
import io.prochat.rtc.gateway.rtcd.DcMessages.LockResult;
import io.prochat.rtc.gateway.rtcd.DcMessages.LossRate;
import io.prochat.rtc.gateway.rtcd.DcMessages.MediaKind;
import io.prochat.rtc.gateway.rtcd.DcMessages.MediaMap;
import io.prochat.rtc.gateway.rtcd.DcMessages.Ping;
import io.prochat.rtc.gateway.rtcd.DcMessages.Pong;
import io.prochat.rtc.gateway.rtcd.DcMessages.RoundTripTime;
import io.prochat.rtc.gateway.rtcd.DcMessages.Sdp;
import io.prochat.rtc.gateway.rtcd.DcMessages.TrackInfo;
import io.prochat.rtc.gateway.rtcd.DcMessages.Unlock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Inflater;

import static io.prochat.rtc.gateway.rtcd.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The calls-dc messages (rtcd.md §3.2) against hand-written bytes, both ways, and in other widths. */
class DcMessagesGoldenTest {
    static final String SENDER_ID = "a9 73 65 6e 64 65 72 5f 69 64"; // "sender_id"
    static final String TYPE = "a4 74 79 70 65";                     // "type"

    // JSON {"type":"offer","sdp":"v=0"}, 28 (0x1c) bytes
    static final String SDP_JSON = "7b 22 74 79 70 65 22 3a 22 6f 66 66 65 72 22 2c 22 73 64 70 22 3a 22 76 3d 30 22 7d";
    // zlib of it, written as one *stored* deflate block so it can be written by hand (RFC 1950/1951):
    static final String SDP_ZLIB = "78 01"     // zlib header: deflate, 32K window, no dictionary, level "fastest"
            + " 01 1c 00 e3 ff"                 // BFINAL=1 BTYPE=00 (stored), LEN=28, NLEN=~28 (little-endian)
            + " " + SDP_JSON
            + " 84 53 08 a7";                   // Adler-32 of the JSON, big-endian

    @Test
    void everyMessageEncodesToTheHandWrittenBytesAndDecodesBack() throws Exception {
        golden(new Ping(), "cc 01");                                  // uint8 1, no payload
        golden(new Pong(), "cc 02");
        golden(new LossRate(0.5), "cc 04 cb 3f e0 00 00 00 00 00 00"); // float64 0.5
        golden(new RoundTripTime(0.25), "cc 05 cb 3f d0 00 00 00 00 00 00");
        golden(new Jitter(1.0), "cc 06 cb 3f f0 00 00 00 00 00 00");
        golden(new LockRequest(), "cc 07");                          // request: no payload
        golden(new LockResult(true), "cc 07 c3");                    // response: true
        golden(new LockResult(false), "cc 07 c2");
        golden(new Unlock(), "cc 08");
        Map<String, TrackInfo> tracks = new LinkedHashMap<>();
        tracks.put("0", new TrackInfo(MediaKind.VOICE, "s"));
        tracks.put("1", new TrackInfo(MediaKind.SCREEN_AUDIO, "t"));
        golden(new MediaMap(tracks), "cc 09 82"
                + " a1 30 82 " + TYPE + " a5 76 6f 69 63 65 " + SENDER_ID + " a1 73"              // "0": voice, s
                + " a1 31 82 " + TYPE + " ac 73 63 72 65 65 6e 2d 61 75 64 69 6f " + SENDER_ID + " a1 74"); // "1"
    }

    private static void golden(DcMessage m, String hex) throws Exception {
        byte[] expected = bytes(hex);
        assertThat(Hex.of(DcMessages.encode(m))).as(m.toString()).isEqualTo(Hex.of(expected));
        assertThat(DcMessages.decode(expected)).as(m.toString()).isEqualTo(m);
    }

    @Test
    void sdpIsZlibbedJsonInABin() throws Exception {
        // decode: the hand-made stored-block zlib inside a bin8 of 0x27 = 39 bytes (2 + 5 + 28 + 4)
        byte[] wire = bytes("cc 03 c4 27", SDP_ZLIB);
        assertThat(DcMessages.decode(wire)).isEqualTo(new Sdp("offer", "v=0"));
        // ...or as a str, and with the type as a positive fixint
        assertThat(DcMessages.decode(bytes("03 d9 27", SDP_ZLIB))).isEqualTo(new Sdp("offer", "v=0"));

        // encode: our deflater picks its own blocks, so check the frame around them and inflate with the JDK
        byte[] ours = DcMessages.encode(new Sdp("offer", "v=0"));
        assertThat(Hex.of(Arrays.copyOf(ours, 3))).isEqualTo("cc 03 c4");
        assertThat(ours[3] & 0xff).isEqualTo(ours.length - 4);
        Inflater inf = new Inflater();
        inf.setInput(Arrays.copyOfRange(ours, 4, ours.length));
        byte[] out = new byte[100];
        int n = inf.inflate(out);
        assertThat(inf.finished()).isTrue();
        assertThat(Hex.of(Arrays.copyOf(out, n))).isEqualTo(Hex.of(bytes(SDP_JSON)));
    }

    @Test
    void otherWidthsDecode() throws Exception {
        assertThat(DcMessages.decode(bytes("01"))).isEqualTo(new Ping());                 // positive fixint
        assertThat(DcMessages.decode(bytes("d1 00 02"))).isEqualTo(new Pong());           // int16
        assertThat(DcMessages.decode(bytes("cd 00 08"))).isEqualTo(new Unlock());         // uint16
        assertThat(DcMessages.decode(bytes("cc 01 c0"))).isEqualTo(new Ping());           // a nil payload
        assertThat(DcMessages.decode(bytes("04 ca 3f 00 00 00"))).isEqualTo(new LossRate(0.5)); // float32
        assertThat(DcMessages.decode(bytes("05 01"))).isEqualTo(new RoundTripTime(1.0));  // an integer
        // media map: map16 headers, str8 strings, an unknown mime_type key skipped, an unknown kind kept as UNKNOWN
        byte[] mm = bytes("cc 09 de 00 01 d9 01 30 de 00 03",
                TYPE, "d9 05 76 69 64 65 6f",                       // "type": str8 "video"
                "a9 6d 69 6d 65 5f 74 79 70 65 a9 76 69 64 65 6f 2f 41 56 31", // "mime_type": "video/AV1"
                SENDER_ID, "a1 73");
        assertThat(DcMessages.decode(mm)).isEqualTo(new MediaMap(Map.of("0", new TrackInfo(MediaKind.VIDEO, "s"))));
        byte[] odd = bytes("cc 09 81 a1 30 82", TYPE, "a3 66 6f 6f", SENDER_ID, "a1 73"); // "type": "foo"
        assertThat(((MediaMap) DcMessages.decode(odd)).tracks().get("0").kind()).isEqualTo(MediaKind.UNKNOWN);
    }

    @Test
    void wrongShapesAreRefusedWithAReason() {
        refused("", "empty");
        refused("a1 31", "type must be an integer");
        refused("cc 0a", "unknown data channel message type 10");
        refused("cc 04", "loss rate: missing");
        refused("cc 04 a1 31", "loss rate must be a number");
        refused("cc 07 01", "lock result must be true or false");
        refused("cc 01 01", "must be nil");
        refused("cc 08 c0 c0", "unexpected bytes");
        refused("cc 03 c4 03 01 02 03", "not zlib");
        refused("cc 03 c4 02 78 01", "truncated");
        refused("cc 09 81 a1 30 81 a4 74 79 70 65 a5 76 6f 69 63 65", "needs type and sender_id");
    }

    @Test
    void aZipBombIsRefused() {
        byte[] zeros = new byte[DcMessages.MAX_INFLATED_BYTES + 1];
        byte[] z = DcMessages.deflate(zeros); // ~1 KiB that inflates to just over 1 MiB
        assertThat(z.length).isLessThan(4096);
        byte[] framed = bytes("cc 03 c5", String.format("%04x", z.length));
        byte[] all = Arrays.copyOf(framed, framed.length + z.length);
        System.arraycopy(z, 0, all, framed.length, z.length);
        assertThatThrownBy(() -> DcMessages.decode(all)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("inflates past");
    }

    private static void refused(String hex, String reason) {
        assertThatThrownBy(() -> DcMessages.decode(bytes(hex))).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void legacyTextPing() {
        assertThat(DcMessages.isLegacyPing("ping")).isTrue();
        assertThat(DcMessages.isLegacyPing(new String(new byte[]{1}, StandardCharsets.UTF_8))).isFalse();
    }
}
