package io.prochat.rtc.sfu.rtcp;

/**
 * Bytes that are not a compound RTCP packet (RFC 3550 §6.1): a header shorter than 4 bytes, a
 * version other than 2, a length field or padding count that runs past the datagram. Thrown only by
 * {@link RtcpCompoundReader#validate(byte[], int, int)}; the per-packet path uses the boolean
 * {@code wrap} methods.
 */
public final class RtcpFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public RtcpFormatException(String message) {
        super(message);
    }
}
