package io.prochat.rtc.gateway.rtcd;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Robustness, in the default run: random bytes and mutations of every golden message go through both decoders,
 * which may only return a message or throw {@link MalformedMessageException}. Fixed seeds (reproducible), bounded
 * count, and a time limit so a hang fails the test instead of the build.
 */
class DecoderFuzzTest {
    private static final int ROUNDS = 30_000;

    interface Decoder {
        Object decode(byte[] b) throws MalformedMessageException;
    }

    @Test
    void envelopeDecoderOnlyThrowsItsOwnException() {
        List<byte[]> seeds = List.of(RtcdCodecGoldenTest.HELLO, RtcdCodecGoldenTest.JOIN, RtcdCodecGoldenTest.LEAVE,
                RtcdCodecGoldenTest.RECONNECT, RtcdCodecGoldenTest.CLOSE, RtcdCodecGoldenTest.RTC,
                RtcdCodecGoldenTest.VAD_ON, RtcdCodecGoldenTest.RTC_ICE_NO_DATA);
        fuzz(RtcdCodec::decode, seeds, 0x5eed1L);
    }

    @Test
    void dataChannelDecoderOnlyThrowsItsOwnException() {
        List<byte[]> seeds = new ArrayList<>();
        for (String hex : new String[]{"cc 01", "cc 04 cb 3f e0 00 00 00 00 00 00", "cc 07 c3",
                "cc 09 81 a1 30 82 a4 74 79 70 65 a5 76 6f 69 63 65 a9 73 65 6e 64 65 72 5f 69 64 a1 73",
                "cc 03 c4 27 " + DcMessagesGoldenTest.SDP_ZLIB}) {
            seeds.add(Hex.bytes(hex));
        }
        fuzz(DcMessages::decode, seeds, 0x5eed2L);
    }

    private static void fuzz(Decoder d, List<byte[]> seeds, long seed) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int decoded = 0;
            for (int i = 0; i < ROUNDS; i++) {
                byte[] input = i % 3 == 0 ? random(rnd) : mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                try {
                    d.decode(input);
                    decoded++;
                } catch (MalformedMessageException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (Throwable t) {
                    throw new AssertionError("round " + i + " threw " + t + " for " + Hex.of(input), t);
                }
            }
            assertThat(decoded).as("some mutations still decode").isPositive();
        });
    }

    private static byte[] random(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(64)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    /** Flip, overwrite with an interesting byte, insert, delete, or truncate; one to four times. */
    private static byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int[] interesting = {0x00, 0x7f, 0x80, 0xc0, 0xc1, 0xc4, 0xc6, 0xcc, 0xcf, 0xd3, 0xd9, 0xdb, 0xdc, 0xdd,
                0xde, 0xdf, 0xff, 0x90, 0x8f, 0xa0, 0xbf};
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) interesting[rnd.nextInt(interesting.length)];
                case 2 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 3 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                default -> b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}
