package io.prochat.rtc.sfu.transport;

import java.util.Objects;

/**
 * What arrives on the shared media port, told apart by the first byte (RFC 7983 §7) and, for RTP
 * and RTCP, by the second byte (RFC 5761 §4).
 */
public enum PacketKind {
    /** First byte 0..3. Handled by ice4j. */
    STUN,
    /** First byte 16..19 (not used by WebRTC). */
    ZRTP,
    /** First byte 20..63: a DTLS record (handshake, alert, application data carrying SCTP). */
    DTLS,
    /** First byte 64..79: TURN ChannelData (RFC 8656), only where we act as TURN server. */
    TURN_CHANNEL,
    /** First byte 128..191, second byte outside 192..223. */
    RTP,
    /** First byte 128..191, second byte 192..223 (packet types 200..207 in practice). */
    RTCP,
    /** Anything else, or too short to be what its first byte says. */
    UNKNOWN;

    /** Smallest datagrams worth handing on: STUN and RTP headers, DTLS record header, RTCP header + SSRC. */
    private static final int MIN_STUN = 20;
    private static final int MIN_DTLS = 13;
    private static final int MIN_TURN_CHANNEL = 4;
    private static final int MIN_RTP = 12;
    private static final int MIN_RTCP = 8;

    /**
     * Classifies {@code buf[off, off + len)} without allocating. Only the first two bytes and the
     * length are looked at: the parser of the chosen kind does the real checking.
     *
     * <p>RTP and RTCP share the 128..191 range under rtcp-mux. The second byte of RTCP is its
     * packet type, 192..223 in the range RFC 5761 §4 reserves; for RTP that byte is marker bit plus
     * payload type, which lands in 192..223 only for payload types 64..95 with the marker set. That
     * is why those payload types must not be negotiated with rtcp-mux (browsers do not offer them).
     */
    public static PacketKind classify(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < 1) {
            return UNKNOWN;
        }
        int b0 = buf[off] & 0xFF;
        if (b0 <= 3) {
            return len >= MIN_STUN ? STUN : UNKNOWN;
        }
        if (b0 >= 16 && b0 <= 19) {
            return ZRTP;
        }
        if (b0 >= 20 && b0 <= 63) {
            return len >= MIN_DTLS ? DTLS : UNKNOWN;
        }
        if (b0 >= 64 && b0 <= 79) {
            return len >= MIN_TURN_CHANNEL ? TURN_CHANNEL : UNKNOWN;
        }
        if (b0 >= 128 && b0 <= 191 && len >= 2) {
            int b1 = buf[off + 1] & 0xFF;
            if (b1 >= 192 && b1 <= 223) {
                return len >= MIN_RTCP ? RTCP : UNKNOWN;
            }
            return len >= MIN_RTP ? RTP : UNKNOWN;
        }
        return UNKNOWN;
    }
}
