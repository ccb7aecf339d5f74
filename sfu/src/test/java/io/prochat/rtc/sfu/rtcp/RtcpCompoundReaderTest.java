package io.prochat.rtc.sfu.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Walking compound RTCP (RFC 3550 §6.1) and refusing malformed chains. */
class RtcpCompoundReaderTest {
    private final RtcpCompoundReader compound = new RtcpCompoundReader();

    @Test
    void iteratesEveryPacketWithItsBounds() {
        byte[] buf = RtcpSamples.COMPOUND;
        assertThat(compound.wrap(buf, 0, buf.length)).isTrue();

        List<String> seen = new ArrayList<>();
        while (compound.next()) {
            seen.add(compound.packetType() + "/" + compound.count() + "@" + compound.packetOffset() + "+"
                    + compound.packetLength());
        }
        assertThat(seen).containsExactly("201/1@0+32", "202/1@32+16", "206/15@48+24", "205/15@72+40", "203/1@112+16");
        assertThat(compound.next()).isFalse();
    }

    @Test
    void typedReadersWrapOnTheIteratedPackets() {
        byte[] buf = new byte[RtcpSamples.COMPOUND.length + 6];
        System.arraycopy(RtcpSamples.COMPOUND, 0, buf, 3, RtcpSamples.COMPOUND.length);
        Remb remb = new Remb();
        TransportCc tcc = new TransportCc();
        assertThat(compound.wrap(buf, 3, RtcpSamples.COMPOUND.length)).isTrue();

        int found = 0;
        while (compound.next()) {
            if (remb.wrap(buf, compound.packetOffset(), compound.packetLength())) {
                assertThat(remb.bitrate()).isEqualTo(1_000_000);
                found++;
            }
            if (tcc.wrap(buf, compound.packetOffset(), compound.packetLength())) {
                assertThat(tcc.statusCount()).isEqualTo(20);
                assertThat(tcc.length()).isEqualTo(36);
                found++;
            }
        }
        assertThat(found).isEqualTo(2);
    }

    @Test
    void refusesMalformedChains() {
        assertInvalid(new byte[3], "shorter than an RTCP header");
        byte[] version = RtcpSamples.COMPOUND.clone();
        version[32] = 0x41;
        assertInvalid(version, "version is not 2 at 32");
        byte[] overrun = RtcpSamples.COMPOUND.clone();
        overrun[115] = 0x04;
        assertInvalid(overrun, "runs past the end at 112");
        assertInvalid(Arrays.copyOf(RtcpSamples.COMPOUND, RtcpSamples.COMPOUND.length + 2), "trailing bytes");
        assertInvalid(Arrays.copyOf(RtcpSamples.COMPOUND, RtcpSamples.COMPOUND.length - 4), "runs past the end");
        byte[] zeroPadding = RtcpSamples.COMPOUND.clone();
        zeroPadding[72 + 39] = 0;
        assertInvalid(zeroPadding, "bad RTCP padding at 72");
        byte[] hugePadding = RtcpSamples.COMPOUND.clone();
        hugePadding[72 + 39] = 40;
        assertInvalid(hugePadding, "bad RTCP padding");
    }

    @Test
    void nextIsFalseAfterAFailedWrap() {
        assertThat(compound.wrap(new byte[2], 0, 2)).isFalse();
        assertThat(compound.next()).isFalse();
    }

    private void assertInvalid(byte[] buf, String reason) {
        assertThat(compound.wrap(buf, 0, buf.length)).isFalse();
        assertThatThrownBy(() -> RtcpCompoundReader.validate(buf, 0, buf.length))
                .isInstanceOf(RtcpFormatException.class).hasMessageContaining(reason);
    }
}
