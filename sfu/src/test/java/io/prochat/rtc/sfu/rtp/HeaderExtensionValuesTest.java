package io.prochat.rtc.sfu.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Extension value codecs: write then read back, and the fixed-point conversions. */
class HeaderExtensionValuesTest {
    private final byte[] buf = new byte[8];

    @Test
    void absSendTimeIsSixPointEighteenSeconds() {
        assertThat(AbsSendTime.fromNanos(1_000_000_000L)).isEqualTo(1 << 18);
        assertThat(AbsSendTime.fromNanos(1_500_000_000L)).isEqualTo(3 << 17);
        assertThat(AbsSendTime.fromNanos(64_000_000_000L)).isZero();
        assertThat(AbsSendTime.fromNanos(-1_000_000_000L)).isEqualTo(63 << 18);
        assertThat(AbsSendTime.toNanos(1 << 18)).isEqualTo(1_000_000_000L);

        AbsSendTime.write(buf, 2, 0xABCDEF);
        assertThat(AbsSendTime.read(buf, 2)).isEqualTo(0xABCDEF);
        assertThat(buf[1]).isZero();
        assertThat(buf[5]).isZero();
    }

    @Test
    void audioLevelAndTransportSequence() {
        AudioLevel.write(buf, 0, false, AudioLevel.SILENCE);
        assertThat(AudioLevel.voiceActivity(buf, 0)).isFalse();
        assertThat(AudioLevel.level(buf, 0)).isEqualTo(127);
        AudioLevel.write(buf, 0, true, 30);
        assertThat(buf[0] & 0xFF).isEqualTo(0x80 | 30);
        assertThatThrownBy(() -> AudioLevel.write(buf, 0, true, 128)).isInstanceOf(IllegalArgumentException.class);

        TransportSequenceNumber.write(buf, 4, 0x1FFFF);
        assertThat(TransportSequenceNumber.read(buf, 4)).isEqualTo(0xFFFF);
    }
}
