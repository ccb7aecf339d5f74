package io.prochat.rtc.sfu.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class RtpNumberingTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Firefox's numbering into Chromium's: Opus 109 → 111, VP8 120 → 96; audio level 3 → 1, mid 6 → 4. */
    private static final RtpNumbering FIREFOX_TO_ROOM = new RtpNumbering.Builder(14)
            .payloadType(109, 111).payloadType(120, 96).extension(3, 1).extension(6, 4).build();

    @Test
    void payloadTypeIsRewrittenAndTheMarkerKept() {
        byte[] p = HEX.parseHex("80f8000100000000000004d2" + "aabb"); // marker, PT 120
        FIREFOX_TO_ROOM.apply(p, 0, p.length);
        assertThat(p[1] & 0xFF).isEqualTo(0x80 | 96);
        byte[] unmapped = HEX.parseHex("8000000100000000000004d2"); // PT 0 has no mapping: unchanged
        FIREFOX_TO_ROOM.apply(unmapped, 0, unmapped.length);
        assertThat(unmapped[1]).isZero();
    }

    @Test
    void oneByteExtensionIdsAreRewrittenPaddingSkippedUnknownHidden() {
        // X bit; BEDE, 3 words: id 3 (1 byte), padding, id 6 (3 bytes), id 9 (1 byte), padding
        String header = "90" + "6d" + "0001" + "00000000" + "000004d2";
        String ext = "bede0003" + "3" + "0" + "7f" + "00" + "6" + "2" + "616263" + "9" + "0" + "55" + "000000";
        byte[] p = HEX.parseHex(header + ext + "cafe");
        FIREFOX_TO_ROOM.apply(p, 0, p.length);
        assertThat(HEX.formatHex(p)).isEqualTo("90" + "6f" + "0001" + "00000000" + "000004d2"
                + "bede0003" + "1" + "0" + "7f" + "00" + "4" + "2" + "616263" + "e" + "0" + "55" + "000000" + "cafe");
    }

    @Test
    void twoByteExtensionIdsAreRewritten() {
        String ext = "10000002" + "03" + "01" + "7f" + "06" + "02" + "6162" + "00"; // id 3 len 1, id 6 len 2, pad
        byte[] p = HEX.parseHex("906d000100000000000004d2" + ext);
        FIREFOX_TO_ROOM.apply(p, 0, p.length);
        assertThat(HEX.formatHex(p)).endsWith("10000002" + "01" + "01" + "7f" + "04" + "02" + "6162" + "00");
    }

    @Test
    void anExtensionBlockLongerThanThePacketIsLeftAlone() {
        byte[] p = HEX.parseHex("906d000100000000000004d2" + "bede0009" + "30" + "7f");
        FIREFOX_TO_ROOM.apply(p, 0, p.length);
        assertThat(p[16]).isEqualTo((byte) 0x30);
        assertThat(p[1]).isEqualTo((byte) 111); // the payload type is still rewritten
        FIREFOX_TO_ROOM.apply(p, 0, 5); // shorter than a header: nothing at all
    }

    @Test
    void mappingsOntoThemselvesAreTheIdentityAndChangeNothing() {
        RtpNumbering same = new RtpNumbering.Builder(14).payloadType(111, 111).payloadType(96, 96).extension(1, 1)
                .build();
        assertThat(same).isSameAs(RtpNumbering.IDENTITY);
        assertThat(FIREFOX_TO_ROOM.isIdentity()).isFalse();
        byte[] p = HEX.parseHex("906f000100000000000004d2bede000190010000");
        byte[] before = p.clone();
        same.apply(p, 0, p.length);
        assertThat(p).isEqualTo(before);
    }
}
