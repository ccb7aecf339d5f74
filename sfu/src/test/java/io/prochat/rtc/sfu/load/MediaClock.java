package io.prochat.rtc.sfu.load;

/**
 * RTP timestamps from one shared monotonic clock, as a browser derives them from capture time: 48 kHz for Opus, 90
 * kHz for video. Publishers and receivers share the JVM, so a receiver turns a timestamp back into the send time.
 */
final class MediaClock {
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;
    private final long epochNanos = System.nanoTime();

    long timestamp(int payloadType, long nanos) {
        return ((nanos - epochNanos) * rate(payloadType) / 1_000_000_000L) & 0xFFFF_FFFFL;
    }

    /** The send time of a timestamp (to the clock's resolution, 11 to 21 µs). */
    long sentNanos(int payloadType, long timestamp) {
        return epochNanos + timestamp * 1_000_000_000L / rate(payloadType);
    }

    private static long rate(int payloadType) {
        return payloadType == OPUS_PT ? 48_000 : 90_000;
    }
}
