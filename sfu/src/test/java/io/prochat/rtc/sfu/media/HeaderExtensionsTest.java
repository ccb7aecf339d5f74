package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void oneByteElementsToHideGetTheUnusedId() {
        // mid (4, "2"), rid (10, "h"), audio level (1): hide mid and rid
        byte[] p = HEX.parseHex("906000010000000000000001" + "bede0002" + "4032" + "a068" + "1055" + "0000");
        HeaderExtensions.hide(p, 0, p.length, HeaderExtensions.hiding(4, 10, 11));
        assertThat(HEX.formatHex(p)).endsWith("bede0002" + "e032" + "e068" + "1055" + "0000");
    }

    @Test
    void twoByteElementsToHideGetTheUnusedIdToo() {
        // 0x1000 block: mid (4, 1 byte), rid (10, 1 byte), another (1, 1 byte), padding
        byte[] p = HEX.parseHex("906000010000000000000001" + "10000003" + "040132" + "0a0168" + "010155" + "000000");
        HeaderExtensions.hide(p, 0, p.length, HeaderExtensions.hiding(4, 10, 11));
        assertThat(HEX.formatHex(p)).endsWith("10000003" + "0e0132" + "0e0168" + "010155" + "000000");
    }

    @Test
    void aBlockLongerThanThePacketIsLeftAlone() {
        byte[] p = HEX.parseHex("906000010000000000000001" + "bede0009" + "4032");
        byte[] before = p.clone();
        HeaderExtensions.hide(p, 0, p.length, HeaderExtensions.hiding(4, 10, 11));
        assertThat(p).isEqualTo(before);
    }
}
