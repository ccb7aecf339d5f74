package io.prochat.rtc.gateway.rtcd;

import io.prochat.rtc.gateway.rtcd.RtcdMessages.Close;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Hello;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Join;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Leave;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Message;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Reconnect;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Rtc;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Vad;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.prochat.rtc.gateway.rtcd.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every WebSocket envelope against bytes written by hand from rtcd.md §2.2–§2.5 (not produced by our encoder):
 * encoding gives exactly these bytes, and decoding them gives the record. Then the same messages in the other
 * widths a msgpack writer may choose.
 */
class RtcdCodecGoldenTest {
    // keys, spelt out once: fixstr header a0+len, then the ASCII bytes
    static final String SESSION_ID = "a9 73 65 73 73 69 6f 6e 49 44";            // "sessionID"
    static final String GROUP_ID = "a8 67 72 6f 75 70 5f 69 64";                 // "group_id"
    static final String USER_ID_ = "a7 75 73 65 72 5f 69 64";                    // "user_id"
    static final String SESSION_ID_ = "aa 73 65 73 73 69 6f 6e 5f 69 64";        // "session_id"
    static final String CALL_ID_ = "a7 63 61 6c 6c 5f 69 64";                    // "call_id"
    static final String TYPE = "a4 74 79 70 65";                                 // "type"
    static final String DATA = "a4 64 61 74 61";                                 // "data"

    static final byte[] HELLO = bytes(
            "a5 68 65 6c 6c 6f",                 // str "hello"
            "82",                                // fixmap, 2 entries
            "a8 63 6c 69 65 6e 74 49 44 a2 63 31", // "clientID": "c1"
            "a6 63 6f 6e 6e 49 44 a1 6b");       // "connID": "k"

    static final byte[] JOIN = bytes(
            "a4 6a 6f 69 6e",                    // str "join"
            "86",                                // fixmap, 6 entries
            "a6 63 61 6c 6c 49 44 a1 63",        // "callID": "c"
            "a6 75 73 65 72 49 44 a1 75",        // "userID": "u"
            SESSION_ID, "a1 73",                 // "sessionID": "s"
            "a9 63 68 61 6e 6e 65 6c 49 44 a1 68", // "channelID": "h"
            "aa 61 76 31 53 75 70 70 6f 72 74 c3", // "av1Support": true
            "ab 64 63 53 69 67 6e 61 6c 69 6e 67 c2"); // "dcSignaling": false

    static final byte[] LEAVE = bytes("a5 6c 65 61 76 65", "81", SESSION_ID, "a1 73");          // "leave" {"sessionID":"s"}
    static final byte[] RECONNECT = bytes("a9 72 65 63 6f 6e 6e 65 63 74", "81", SESSION_ID, "a1 73"); // "reconnect"
    static final byte[] CLOSE = bytes("a5 63 6c 6f 73 65", "81", SESSION_ID, "a1 73");          // "close"

    static final byte[] RTC = bytes(
            "a3 72 74 63",                       // str "rtc"
            "86",                                // fixmap, 6 entries, Go's field order
            GROUP_ID, "a1 67",                   // "group_id": "g"
            USER_ID_, "a1 75",                   // "user_id": "u"
            SESSION_ID_, "a1 73",                // "session_id": "s"
            CALL_ID_, "a1 63",                   // "call_id": "c"
            TYPE, "02",                          // "type": 2 (SDP), positive fixint
            DATA, "c4 02 7b 7d");                // "data": bin8 of 2 bytes "{}"

    static final byte[] VAD_ON = bytes(
            "a3 76 61 64",                       // str "vad"
            "85",                                // fixmap, 5 entries: no data (omitempty)
            GROUP_ID, "a1 67", USER_ID_, "a1 75", SESSION_ID_, "a1 73", CALL_ID_, "a1 63",
            TYPE, "07");                         // 7 = VoiceOn

    static final byte[] VAD_OFF = bytes("a3 76 61 64", "85", GROUP_ID, "a1 67", USER_ID_, "a1 75",
            SESSION_ID_, "a1 73", CALL_ID_, "a1 63", TYPE, "08"); // 8 = VoiceOff

    static final byte[] RTC_ICE_NO_DATA = bytes("a3 72 74 63", "85", GROUP_ID, "a1 67", USER_ID_, "a1 75",
            SESSION_ID_, "a1 73", CALL_ID_, "a1 63", TYPE, "01"); // ICE without data: "data" left out

    static final Rtc RTC_MESSAGE = new Rtc("g", "u", "s", "c", RtcdMessages.SDP, "{}".getBytes(StandardCharsets.UTF_8));

    @Test
    void everyMessageEncodesToTheHandWrittenBytesAndDecodesBack() throws Exception {
        golden(new Hello("c1", "k"), HELLO);
        golden(new Join("c", "u", "s", "h", true, false), JOIN);
        golden(new Leave("s"), LEAVE);
        golden(new Reconnect("s"), RECONNECT);
        golden(new Close("s"), CLOSE);
        golden(RTC_MESSAGE, RTC);
        golden(new Rtc("g", "u", "s", "c", RtcdMessages.ICE, new byte[0]), RTC_ICE_NO_DATA);
        golden(new Vad("g", "u", "s", "c", true), VAD_ON);
        golden(new Vad("g", "u", "s", "c", false), VAD_OFF);
    }

    private static void golden(Message m, byte[] expected) throws Exception {
        assertThat(Hex.of(RtcdCodec.encode(m))).as(m.type()).isEqualTo(Hex.of(expected));
        assertThat(RtcdCodec.decode(expected)).as(m.type()).isEqualTo(m);
    }

    @Test
    void otherWidthsAndEncodingsDecodeToTheSameMessages() throws Exception {
        // join: type as str8 (d9 04), map16 (de 00 06), keys in another order, an unknown key skipped
        byte[] join = bytes("d9 04 6a 6f 69 6e", "de 00 07",
                "ab 64 63 53 69 67 6e 61 6c 69 6e 67 c3",      // "dcSignaling": true
                SESSION_ID, "da 00 01 73",                     // "sessionID": str16 "s"
                "a6 63 61 6c 6c 49 44 d9 01 63",               // "callID": str8 "c"
                "a6 75 73 65 72 49 44 a1 75",                  // "userID": "u"
                "a5 65 78 74 72 61 92 01 02",                  // "extra": [1, 2] (ignored)
                "a9 63 68 61 6e 6e 65 6c 49 44 a0",            // "channelID": ""
                "aa 61 76 31 53 75 70 70 6f 72 74 c0");        // "av1Support": nil → false
        assertThat(RtcdCodec.decode(join)).isEqualTo(new Join("c", "u", "s", "", false, true));

        // rtc: map32, type as uint8 (cc 02), data as str (Go accepts str for []byte)
        byte[] rtcUint8 = bytes("a3 72 74 63", "df 00 00 00 06", GROUP_ID, "a1 67", USER_ID_, "a1 75",
                SESSION_ID_, "a1 73", CALL_ID_, "a1 63", TYPE, "cc 02", DATA, "a2 7b 7d");
        assertThat(RtcdCodec.decode(rtcUint8)).isEqualTo(RTC_MESSAGE);

        // rtc: type as int64 (d3), data as bin16 (c5 00 02), the plugin's empty ids as "" (a0)
        byte[] rtcWide = bytes("a3 72 74 63", "86", GROUP_ID, "a0", USER_ID_, "a0", SESSION_ID_, "a1 73",
                CALL_ID_, "a0", TYPE, "d3 00 00 00 00 00 00 00 02", DATA, "c5 00 02 7b 7d");
        assertThat(RtcdCodec.decode(rtcWide))
                .isEqualTo(new Rtc("", "", "s", "", RtcdMessages.SDP, "{}".getBytes(StandardCharsets.UTF_8)));

        // rtc: type as uint16 (cd 00 02) and int8 (d0 02)
        for (String t : new String[]{"cd 00 02", "d0 02", "ce 00 00 00 02", "cf 00 00 00 00 00 00 00 02"}) {
            byte[] b = bytes("a3 72 74 63", "86", GROUP_ID, "a1 67", USER_ID_, "a1 75", SESSION_ID_, "a1 73",
                    CALL_ID_, "a1 63", TYPE, t, DATA, "c4 02 7b 7d");
            assertThat(RtcdCodec.decode(b)).as(t).isEqualTo(RTC_MESSAGE);
        }

        // leave with map16 and str16 key/value
        assertThat(RtcdCodec.decode(bytes("a5 6c 65 61 76 65", "de 00 01", "da 00 09 73 65 73 73 69 6f 6e 49 44",
                "da 00 01 73"))).isEqualTo(new Leave("s"));
    }

    @Test
    void wrongShapesAreRefusedWithAReason() {
        refused(bytes(""), "empty frame");
        refused(bytes("01"), "message type must be a string");
        refused(bytes("a4 6a 6f 69 6e"), "join data: missing");
        refused(bytes("a3 66 6f 6f 80"), "unknown message type \"foo\"");
        refused(bytes("a5 6c 65 61 76 65 81", SESSION_ID, "01"), "leave.sessionID must be a string");
        refused(bytes("a5 6c 65 61 76 65 80"), "leave: sessionID is missing");
        refused(bytes("a5 6c 65 61 76 65 81", SESSION_ID, "a1 73 00"), "unexpected bytes after the message");
        refused(bytes("a3 72 74 63 81", TYPE, "02"), "rtc: session_id is missing");
        refused(bytes("a3 72 74 63 82", SESSION_ID_, "a1 73", TYPE, "0b"), "type 11 is not an rtc message type");
        refused(bytes("a3 76 61 64 82", SESSION_ID_, "a1 73", TYPE, "02"), "vad: type 2 must be 7");
        refused(bytes("a3 72 74 63 81", DATA, "c6 7f ff ff ff 00"), "declares 2147483647 bytes");
        refused(bytes("a3 72 74 63 df 7f ff ff ff"), "cannot fit");
        refused(bytes("a4 6a 6f 69 6e 81 a6 63 61 6c 6c 49 44 a1 c3"), "not valid UTF-8");
        refused(bytes("c1"), "0xc1");
    }

    private static void refused(byte[] frame, String reason) {
        assertThatThrownBy(() -> RtcdCodec.decode(frame)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void idsAreMattermostStyle() {
        String id = MattermostIds.newId();
        assertThat(id).hasSize(26).matches("[ybndrfg8ejkmcpqxot1uwisza345h769]{26}");
        // 16 zero bytes → 25 'y' (value 0) plus a last char holding 3 bits: 'y'
        assertThat(MattermostIds.encode(new byte[16])).isEqualTo("y".repeat(26));
        // 0xff.. → '9' (31) ×25, then 3 bits 111 padded to 11100 = 28 → 'h'
        byte[] ones = new byte[16];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertThat(MattermostIds.encode(ones)).isEqualTo("9".repeat(25) + "h");
    }
}
