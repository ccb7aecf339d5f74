package io.prochat.rtc.sfu.srtp;

/**
 * One SSRC's SRTP state in one direction: the rollover counter and highest sequence number that make the 48-bit
 * packet index (RFC 3711 §3.3.1 and Appendix A) and the receive replay window. The cipher belongs to the direction
 * and is passed in.
 *
 * <p>Sending uses the same index estimate as receiving, so a retransmission of a packet from before a sequence
 * wrap is sent under the rollover counter it had. State moves only after a packet authenticated. Not thread-safe:
 * {@link SrtpSession} calls it holding its direction's lock.
 */
final class RtpStreamContext {
    private static final int HEADER = 12;
    /** How far behind the newest index a packet we send may be: retransmissions come from 512-packet caches. */
    static final int MAX_RESEND_AGE = 2048;

    private final int tagLength;
    private final ReplayWindow replay = new ReplayWindow();
    private boolean started;
    private int roc;
    private int highestSeq;

    RtpStreamContext(int tagLength) {
        this.tagLength = tagLength;
    }

    /** Forgets everything, for reuse as the context of another SSRC. */
    void reset() {
        replay.reset();
        started = false;
        roc = 0;
        highestSeq = 0;
    }

    SrtpResult protect(PacketBuffer packet, int ssrc, SrtpCipher cipher) {
        byte[] b = packet.getBuffer();
        int off = packet.getOffset();
        int length = packet.getLength();
        int headerLength = headerLength(b, off, length);
        if (headerLength < 0) {
            return SrtpResult.INVALID;
        }
        int seq = Bytes.readShort(b, off + 2);
        long index = estimateIndex(seq);
        if (index < 0 || started && (((long) roc << 16) | highestSeq) - index > MAX_RESEND_AGE) {
            // before the first rollover, or far behind what was sent: a jump, not a retransmission. Sending it would
            // reuse an index (the same keystream for another packet), so it is refused.
            return SrtpResult.INVALID;
        }
        packet.setLength(cipher.sealRtp(b, off, length, headerLength, ssrc, (int) (index >>> 16), seq));
        advance(index, seq);
        return SrtpResult.OK;
    }

    SrtpResult unprotect(PacketBuffer packet, int ssrc, SrtpCipher cipher) {
        byte[] b = packet.getBuffer();
        int off = packet.getOffset();
        int length = packet.getLength();
        int headerLength = headerLength(b, off, length - tagLength);
        if (headerLength < 0) {
            return SrtpResult.INVALID;
        }
        int seq = Bytes.readShort(b, off + 2);
        long index = estimateIndex(seq);
        if (!replay.isFresh(index)) {
            return SrtpResult.REPLAY;
        }
        int plainLength = cipher.openRtp(b, off, length, headerLength, ssrc, (int) (index >>> 16), seq);
        if (plainLength < 0) {
            return SrtpResult.AUTH_FAIL;
        }
        packet.setLength(plainLength);
        replay.accept(index);
        advance(index, seq);
        return SrtpResult.OK;
    }

    /** RFC 3711 Appendix A: the rollover counter v that puts {@code seq} closest to the highest one seen. */
    private long estimateIndex(int seq) {
        if (!started) {
            return seq;
        }
        long v = roc;
        if (highestSeq < 0x8000) {
            if (seq - highestSeq > 0x8000) {
                v = roc - 1L;
            }
        } else if (highestSeq - 0x8000 > seq) {
            v = roc + 1L;
        }
        return v < 0 ? -1 : (v << 16) | seq;
    }

    private void advance(long index, int seq) {
        if (!started || index > (((long) roc << 16) | highestSeq)) {
            roc = (int) (index >>> 16);
            highestSeq = seq;
            started = true;
        }
    }

    /** The RTP header's length with CSRCs and extension, or -1 when it does not fit in {@code length}. */
    static int headerLength(byte[] b, int off, int length) {
        if (length < HEADER) {
            return -1;
        }
        int headerLength = HEADER + 4 * (b[off] & 0x0F);
        if ((b[off] & 0x10) != 0) {
            if (headerLength + 4 > length) {
                return -1;
            }
            headerLength += 4 + 4 * Bytes.readShort(b, off + headerLength + 2);
        }
        return headerLength <= length ? headerLength : -1;
    }
}
