package io.prochat.rtc.testing.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The stand-in's msgpack against bytes written by hand from research/rtcd.md §2.2–2.5, not by any encoder. */
class RtcdWireTest {
    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    @Test
    void joinIsTheTypeStringThenASixEntryMap() {
        byte[] golden = hex("""
                a4 6a6f696e
                86
                a6 63616c6c4944              a2 6331
                a6 757365724944              a2 7531
                a9 73657373696f6e4944        a2 7331
                a9 6368616e6e656c4944        a2 6368
                aa 61763153757070 6f7274     c2
                ab 646353 69676e616c696e67   c3
                """);
        assertThat(RtcdWire.join("c1", "u1", "s1", "ch", false, true)).isEqualTo(golden);
    }

    @Test
    void leaveAndReconnectCarryOnlyTheSessionId() {
        assertThat(RtcdWire.leave("s1")).isEqualTo(hex("a5 6c65617665 81 a9 73657373696f6e4944 a2 7331"));
        assertThat(RtcdWire.reconnect("s1"))
                .isEqualTo(hex("a9 7265636f6e6e656374 81 a9 73657373696f6e4944 a2 7331"));
    }

    @Test
    void rtcIsTheMessageStructAsAMapWithDataAsBin() {
        byte[] golden = hex("""
                a3 727463
                86
                a8 67726f75705f6964          a0
                a7 757365725f6964            a0
                aa 73657373696f6e5f6964      a2 7331
                a7 63616c6c5f6964            a0
                a4 74797065                  02
                a4 64617461                  c4 02 7b7d
                """);
        assertThat(RtcdWire.rtc(RtcMessage.fromPlugin("s1", RtcMessage.SDP, "{}"))).isEqualTo(golden);
    }

    @Test
    void rtcWithoutDataOmitsTheKey() {
        byte[] golden = hex("""
                a3 727463
                85
                a8 67726f75705f6964          a0
                a7 757365725f6964            a0
                aa 73657373696f6e5f6964      a2 7331
                a7 63616c6c5f6964            a0
                a4 74797065                  03
                """);
        assertThat(RtcdWire.rtc(RtcMessage.fromPlugin("s1", RtcMessage.MUTE, null))).isEqualTo(golden);
    }

    @Test
    void readsHelloClose() {
        RtcdFrame hello = RtcdWire.decode(hex("a5 68656c6c6f 82 a8 636c69656e744944 a2 7063 a6 636f6e6e4944 a1 78"));
        assertThat(hello).isEqualTo(new RtcdFrame.Hello("pc", "x"));
        RtcdFrame close = RtcdWire.decode(hex("a5 636c6f7365 81 a9 73657373696f6e4944 a2 7331"));
        assertThat(close).isEqualTo(new RtcdFrame.Close("s1"));
    }

    @Test
    void readsVadWithAUint8TypeAndRtcDataAsStr() {
        // rtcd fills every field; an integer may come in any width (0xcc 07), data as str is accepted too
        RtcdFrame vad = RtcdWire.decode(hex("""
                a3 766164 85
                a8 67726f75705f6964 a1 67
                a7 757365725f6964 a1 75
                aa 73657373696f6e5f6964 a2 7331
                a7 63616c6c5f6964 a1 63
                a4 74797065 cc07
                """));
        assertThat(vad).isInstanceOf(RtcdFrame.Vad.class);
        RtcMessage m = ((RtcdFrame.Vad) vad).message();
        assertThat(m.groupId()).isEqualTo("g");
        assertThat(m.userId()).isEqualTo("u");
        assertThat(m.sessionId()).isEqualTo("s1");
        assertThat(m.callId()).isEqualTo("c");
        assertThat(m.type()).isEqualTo(RtcMessage.VOICE_ON);

        RtcdFrame rtc = RtcdWire.decode(hex("a3 727463 83 aa 73657373696f6e5f6964 a2 7331 a4 74797065 01"
                + " a4 64617461 a2 7b7d"));
        assertThat(((RtcdFrame.Rtc) rtc).message().dataText()).isEqualTo("{}");
    }

    @Test
    void garbageIsUnknownNotAnException() {
        assertThat(RtcdWire.decode(hex("c1"))).isInstanceOf(RtcdFrame.Unknown.class);
        assertThat(RtcdWire.decode(hex("a3 727463 c0"))).isInstanceOf(RtcdFrame.Unknown.class);
        assertThat(RtcdWire.decode(hex("a3 666f6f 80"))).isEqualTo(new RtcdFrame.Unknown("foo", "{}"));
    }
}
