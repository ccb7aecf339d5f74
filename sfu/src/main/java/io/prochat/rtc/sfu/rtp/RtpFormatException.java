package io.prochat.rtc.sfu.rtp;

/**
 * Bytes that are not an RTP packet (RFC 3550 §5.1): too short, wrong version, or a CSRC list,
 * header extension or padding that runs past the end. Thrown only by the allocating convenience
 * {@link RtpPacketView#parse(byte[], int, int)}; the per-packet path uses
 * {@link RtpPacketView#wrap(byte[], int, int)}, which returns false instead.
 */
public final class RtpFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public RtpFormatException(String message) {
        super(message);
    }
}
