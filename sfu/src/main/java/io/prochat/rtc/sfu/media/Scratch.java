package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.MediaTransport;

/** Per-thread arrays for the copies a packet thread encrypts and sends; one per thread, reused for every packet. */
final class Scratch {
    /** Larger than any datagram ice4j hands us, plus room for the SRTP tag. */
    static final int SIZE = 1500 + MediaTransport.TAIL_ROOM + 16;

    private static final ThreadLocal<byte[]> RTP = ThreadLocal.withInitial(() -> new byte[SIZE]);
    private static final ThreadLocal<byte[]> RTCP = ThreadLocal.withInitial(() -> new byte[SIZE]);

    private Scratch() {
    }

    static byte[] rtp() {
        return RTP.get();
    }

    /** Separate from {@link #rtp()}: feedback is written while a forwarded copy may still be needed. */
    static byte[] rtcp() {
        return RTCP.get();
    }
}
