package io.prochat.rtc.sfu.rtp;

/**
 * {@code http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time}: 3 bytes, the send time in
 * seconds as unsigned 6.18 fixed point, so it wraps every 64 s. Used by receive-side (REMB)
 * bandwidth estimation; an SFU that forwards it rewrites it with its own send time.
 */
public final class AbsSendTime {
    /** Bytes of the extension data. */
    public static final int LENGTH = 3;
    private static final long WRAP_NANOS = 64_000_000_000L;

    private AbsSendTime() {
    }

    /** The 24-bit value at {@code at}. */
    public static int read(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 16) | ((buf[at + 1] & 0xFF) << 8) | (buf[at + 2] & 0xFF);
    }

    /** Writes the low 24 bits of {@code value}. */
    public static void write(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >> 16);
        buf[at + 1] = (byte) (value >> 8);
        buf[at + 2] = (byte) value;
    }

    /** Converts a monotonic time in nanoseconds (e.g. {@code System.nanoTime()}) to the 6.18 value. */
    public static int fromNanos(long nanos) {
        long inWindow = Math.floorMod(nanos, WRAP_NANOS); // < 2^36, so the shift cannot overflow
        return (int) ((inWindow << 18) / 1_000_000_000L);
    }

    /** The 6.18 value in nanoseconds within its 64-second window. */
    public static long toNanos(int value) {
        return ((value & 0xFFFFFFL) * 1_000_000_000L) >> 18;
    }
}
