package io.prochat.rtc.sfu.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RtpPacketView on hand-built packets (RFC 3550 §5.1, RFC 8285). */
class RtpPacketViewTest {
    /** Opus packet with a one-byte extension block carrying audio level, abs-send-time, TWCC and mid. */
    static final byte[] ONE_BYTE_EXTENSIONS = Bytes.of(
            0x90, 0x6F, 0x12, 0x34,
            0x00, 0x01, 0xE2, 0x40,
            0xDE, 0xAD, 0xBE, 0xEF,
            0xBE, 0xDE, 0x00, 0x03,
            0x10, 0x85,
            0x22, 0x12, 0x34, 0x56,
            0x31, 0x00, 0x2A,
            0x40, 0x30,
            0x00,
            0xAA, 0xBB, 0xCC);

    /** Marker set, two CSRCs, three bytes of padding. */
    static final byte[] CSRCS_AND_PADDING = Bytes.of(
            0xA2, 0xE0, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0xFF,
            0x00, 0x00, 0x00, 0x01,
            0x11, 0x11, 0x11, 0x11,
            0x22, 0x22, 0x22, 0x22,
            0x01, 0x02,
            0x00, 0x00, 0x03);

    /** Two-byte extension block (profile 0x1000): id 5 with 2 bytes, id 16 with none. */
    static final byte[] TWO_BYTE_EXTENSIONS = Bytes.of(
            0x90, 0x60, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x02,
            0x00, 0x00, 0x00, 0x03,
            0x10, 0x00, 0x00, 0x02,
            0x05, 0x02, 0xAB, 0xCD,
            0x00, 0x10, 0x00, 0x00,
            0x77);

    private final RtpPacketView rtp = new RtpPacketView();

    @Test
    void readsTheFixedHeaderAndOneByteExtensions() {
        byte[] buf = ONE_BYTE_EXTENSIONS;
        assertThat(rtp.wrap(buf, 0, buf.length)).isTrue();

        assertThat(rtp.marker()).isFalse();
        assertThat(rtp.payloadType()).isEqualTo(111);
        assertThat(rtp.sequenceNumber()).isEqualTo(0x1234);
        assertThat(rtp.timestamp()).isEqualTo(123456);
        assertThat(rtp.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(rtp.csrcCount()).isZero();
        assertThat(rtp.hasExtension()).isTrue();
        assertThat(rtp.extensionProfile()).isEqualTo(RtpPacketView.ONE_BYTE_PROFILE);
        assertThat(rtp.extensionDataLength()).isEqualTo(12);
        assertThat(rtp.headerLength()).isEqualTo(28);
        assertThat(rtp.payloadOffset()).isEqualTo(28);
        assertThat(rtp.payloadLength()).isEqualTo(3);

        int level = rtp.findExtension(1);
        assertThat(rtp.extensionLength(level)).isEqualTo(1);
        assertThat(AudioLevel.voiceActivity(buf, level)).isTrue();
        assertThat(AudioLevel.level(buf, level)).isEqualTo(5);
        int abs = rtp.findExtension(2);
        assertThat(rtp.extensionLength(abs)).isEqualTo(3);
        assertThat(AbsSendTime.read(buf, abs)).isEqualTo(0x123456);
        int twcc = rtp.findExtension(3);
        assertThat(TransportSequenceNumber.read(buf, twcc)).isEqualTo(42);
        int mid = rtp.findExtension(4);
        assertThat(SdesExtension.equalsAscii(buf, mid, rtp.extensionLength(mid), "0")).isTrue();
        assertThat(SdesExtension.equalsAscii(buf, mid, rtp.extensionLength(mid), "1")).isFalse();
        assertThat(SdesExtension.read(buf, mid, rtp.extensionLength(mid))).isEqualTo("0");
        assertThat(rtp.findExtension(5)).isEqualTo(-1);
        assertThat(rtp.findExtension(15)).isEqualTo(-1);
    }

    @Test
    void readsCsrcsMarkerAndPadding() {
        byte[] buf = CSRCS_AND_PADDING;
        assertThat(rtp.wrap(buf, 0, buf.length)).isTrue();

        assertThat(rtp.marker()).isTrue();
        assertThat(rtp.payloadType()).isEqualTo(96);
        assertThat(rtp.sequenceNumber()).isEqualTo(65535);
        assertThat(rtp.timestamp()).isEqualTo(0xFFFFFFFFL);
        assertThat(rtp.csrcCount()).isEqualTo(2);
        assertThat(rtp.csrc(0)).isEqualTo(0x11111111L);
        assertThat(rtp.csrc(1)).isEqualTo(0x22222222L);
        assertThat(rtp.hasPadding()).isTrue();
        assertThat(rtp.paddingLength()).isEqualTo(3);
        assertThat(rtp.payloadOffset()).isEqualTo(20);
        assertThat(rtp.payloadLength()).isEqualTo(2);
        assertThat(rtp.findExtension(1)).isEqualTo(-1);
        assertThatThrownBy(() -> rtp.csrc(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void readsTwoByteExtensions() {
        byte[] buf = TWO_BYTE_EXTENSIONS;
        assertThat(rtp.wrap(buf, 0, buf.length)).isTrue();

        int five = rtp.findExtension(5);
        assertThat(five).isEqualTo(18);
        assertThat(rtp.extensionLength(five)).isEqualTo(2);
        int sixteen = rtp.findExtension(16);
        assertThat(sixteen).isEqualTo(23);
        assertThat(rtp.extensionLength(sixteen)).isZero();
        assertThat(rtp.findExtension(6)).isEqualTo(-1);
        assertThat(rtp.payloadLength()).isEqualTo(1);
    }

    @Test
    void worksAtAnOffsetInsideALargerBuffer() {
        byte[] buf = new byte[ONE_BYTE_EXTENSIONS.length + 20];
        System.arraycopy(ONE_BYTE_EXTENSIONS, 0, buf, 10, ONE_BYTE_EXTENSIONS.length);

        assertThat(rtp.wrap(buf, 10, ONE_BYTE_EXTENSIONS.length)).isTrue();
        assertThat(rtp.payloadOffset()).isEqualTo(38);
        assertThat(AbsSendTime.read(buf, rtp.findExtension(2))).isEqualTo(0x123456);
    }

    @Test
    void settersRewriteInPlace() {
        byte[] buf = CSRCS_AND_PADDING.clone();
        assertThat(rtp.wrap(buf, 0, buf.length)).isTrue();

        rtp.setSsrc(0xCAFEBABEL);
        rtp.setSequenceNumber(0x10001);
        rtp.setTimestamp(0x1_0000_0005L);
        rtp.setPayloadType(100);
        rtp.setMarker(false);

        assertThat(Arrays.copyOf(buf, 12)).isEqualTo(Bytes.of(0xA2, 0x64, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05,
                0xCA, 0xFE, 0xBA, 0xBE));
        assertThat(rtp.ssrc()).isEqualTo(0xCAFEBABEL);
        rtp.setMarker(true);
        assertThat(rtp.marker()).isTrue();
        assertThat(rtp.payloadType()).isEqualTo(100);
        assertThat(Arrays.copyOfRange(buf, 12, buf.length)).isEqualTo(Arrays.copyOfRange(CSRCS_AND_PADDING, 12, 25));
    }

    @Test
    void refusesWhatIsNotRtp() {
        assertInvalid(Arrays.copyOf(CSRCS_AND_PADDING, 11), "shorter than");
        byte[] version1 = CSRCS_AND_PADDING.clone();
        version1[0] = 0x62;
        assertInvalid(version1, "version");
        byte[] csrcOverrun = ONE_BYTE_EXTENSIONS.clone();
        csrcOverrun[0] = (byte) 0x8F;
        assertInvalid(Arrays.copyOf(csrcOverrun, 40), "CSRC list or header extension");
        byte[] extensionOverrun = ONE_BYTE_EXTENSIONS.clone();
        extensionOverrun[15] = 0x09;
        assertInvalid(extensionOverrun, "header extension");
        assertInvalid(Arrays.copyOf(ONE_BYTE_EXTENSIONS, 14), "extension header");
        byte[] zeroPadding = CSRCS_AND_PADDING.clone();
        zeroPadding[24] = 0;
        assertInvalid(zeroPadding, "padding");
        byte[] hugePadding = CSRCS_AND_PADDING.clone();
        hugePadding[24] = 6;
        assertInvalid(hugePadding, "padding");
    }

    @Test
    void malformedExtensionElementsAreNotFound() {
        byte[] buf = ONE_BYTE_EXTENSIONS.clone();
        buf[22] = 0x3F; // id 3 claims 16 bytes: runs past the block
        assertThat(rtp.wrap(buf, 0, buf.length)).isTrue();
        assertThat(rtp.findExtension(1)).isPositive();
        assertThat(rtp.findExtension(3)).isEqualTo(-1);
        assertThat(rtp.findExtension(4)).isEqualTo(-1);

        buf = ONE_BYTE_EXTENSIONS.clone();
        buf[18] = (byte) 0xF2; // reserved id 15 stops the walk
        assertThat(rtp.wrap(buf, 0, buf.length)).isTrue();
        assertThat(rtp.findExtension(1)).isPositive();
        assertThat(rtp.findExtension(3)).isEqualTo(-1);

        buf = ONE_BYTE_EXTENSIONS.clone();
        buf[12] = 0x12; // unknown profile: nothing is looked up
        assertThat(rtp.wrap(buf, 0, buf.length)).isTrue();
        assertThat(rtp.findExtension(1)).isEqualTo(-1);
    }

    @Test
    void rangeOutsideTheBufferIsACallerBug() {
        assertThatThrownBy(() -> rtp.wrap(new byte[10], 5, 10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private void assertInvalid(byte[] buf, String reason) {
        assertThat(rtp.wrap(buf, 0, buf.length)).isFalse();
        assertThatThrownBy(() -> RtpPacketView.parse(buf, 0, buf.length)).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining(reason);
    }
}
