package io.prochat.rtc.sfu.rtp;

/**
 * The transport-wide sequence number extension
 * ({@code http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01} §2): 2 bytes,
 * one counter per transport (not per SSRC) that the receiver acknowledges in transport-cc feedback.
 */
public final class TransportSequenceNumber {
    /** Bytes of the extension data. */
    public static final int LENGTH = 2;

    private TransportSequenceNumber() {
    }

    public static int read(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    /** Writes the low 16 bits (an SFU stamps its own numbers on what it sends). */
    public static void write(byte[] buf, int at, int sequenceNumber) {
        buf[at] = (byte) (sequenceNumber >> 8);
        buf[at + 1] = (byte) sequenceNumber;
    }
}
