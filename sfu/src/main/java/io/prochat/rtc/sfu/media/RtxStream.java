package io.prochat.rtc.sfu.media;

import java.util.concurrent.ThreadLocalRandom;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.cc.PaddingSource;
import io.prochat.rtc.sfu.rtp.RtpPacketView;

/**
 * Retransmissions of one video stream to one receiver that negotiated RTX (RFC 4588, SSRC-multiplexed as WebRTC
 * uses it): on the stream's RTX SSRC (its {@code a=ssrc-group:FID} partner), with the payload type the receiver
 * accepted and a sequence counter of its own, so the receiver tells repairs from late originals and does not count
 * them as media. Built from the cached packet in place; allocates nothing.
 *
 * <p>The counter is advanced on the receiver's packet thread, where its NACKs arrive; the rest is final.
 */
final class RtxStream implements PaddingSource {
    /** Bytes RTX adds to a packet: the original sequence number (OSN) in front of the payload. */
    static final int OVERHEAD = 2;

    final PacketSender to;
    final long ssrc;
    final int payloadType;
    /** Advanced on the receiver's packet thread; read on the control thread when a stream is continued. */
    private volatile int seq;
    private volatile long sent;
    /** Set when a new stream on the same SSRC replaced this one: padding here could reuse its sequence numbers. */
    private volatile boolean replaced;

    /** With a random first sequence number, as RFC 3550 §5.1 asks of every RTP stream. */
    RtxStream(PacketSender to, long ssrc, int payloadType) {
        this(to, ssrc, payloadType, ThreadLocalRandom.current().nextInt(0x10000));
    }

    RtxStream(PacketSender to, long ssrc, int payloadType, int firstSeq) {
        this.to = to;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.seq = firstSeq & 0xFFFF;
    }

    /**
     * The RTX stream to {@code to} after a (re-)attach that wants {@code payloadType} (0 = no RTX): {@code previous}
     * itself when it still fits, else a new one that goes on from {@code previous}'s next sequence number on the same
     * SSRC, so that the receiver's SRTP index for that SSRC never goes back. A new random start only for a stream
     * never sent before.
     */
    static RtxStream continuing(RtxStream previous, PacketSender to, long ssrc, int payloadType) {
        if (payloadType == 0) {
            return null;
        }
        if (previous == null || previous.ssrc != ssrc) {
            return new RtxStream(to, ssrc, payloadType);
        }
        if (previous.payloadType == payloadType) {
            return previous;
        }
        previous.replaced = true;
        return new RtxStream(to, ssrc, payloadType, previous.seq + 1); // +1: one racing resend may still use seq
    }

    /**
     * Turns the RTP packet in {@code b[0, len)} into this stream's next RTX packet, in place ({@code b} needs
     * {@link #OVERHEAD} more bytes); returns its length, or -1 when the packet's header does not add up.
     */
    int wrap(byte[] b, int len) {
        int n = wrap(b, len, ssrc, payloadType, seq);
        if (n > 0) {
            seq = (seq + 1) & 0xFFFF;
            sent++;
        }
        return n;
    }

    /**
     * A padding-only packet on this stream (a bandwidth probe, {@code cc.Prober}): the fixed header with the padding
     * bit, this stream's payload type, next sequence number and SSRC, then padding alone (at most 255 bytes, RFC 3550
     * §5.1), so the receiver's RTX depacketizer finds no original to restore and drops it.
     */
    @Override
    public int writePadding(byte[] b, int size) {
        int pad = Math.min(255, size - 12);
        if (replaced || pad < 1 || b.length < 12 + pad) {
            return -1;
        }
        b[0] = (byte) 0xA0; // version 2, padding
        b[1] = (byte) (payloadType & 0x7F);
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        for (int i = 4; i < 8; i++) {
            b[i] = 0; // a timestamp the receiver never uses: nothing is played from this packet
        }
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        java.util.Arrays.fill(b, 12, 12 + pad - 1, (byte) 0);
        b[12 + pad - 1] = (byte) pad;
        seq = (seq + 1) & 0xFFFF;
        return 12 + pad;
    }

    long sent() {
        return sent;
    }

    /**
     * RFC 4588 §4: the header is the original's (marker, timestamp, CSRCs and header extensions kept) with the RTX
     * payload type, sequence number and SSRC; the payload is the original sequence number, then the original payload.
     * Padding is not part of the payload and is left off.
     */
    static int wrap(byte[] b, int len, long ssrc, int payloadType, int seq) {
        if (len < 12 || (b[0] & 0xC0) != 0x80) {
            return -1;
        }
        int header = RtpPacketView.headerLength(b, 0, len);
        if (header < 0) {
            return -1;
        }
        int end = len;
        if ((b[0] & 0x20) != 0) {
            end -= b[len - 1] & 0xFF;
            if (end == len) {
                return -1; // a padding count of 0 is malformed
            }
        }
        if (header > end) {
            return -1;
        }
        int osn = u16(b, 2);
        System.arraycopy(b, header, b, header + OVERHEAD, end - header);
        b[header] = (byte) (osn >>> 8);
        b[header + 1] = (byte) osn;
        b[0] &= ~0x20;
        b[1] = (byte) ((b[1] & 0x80) | (payloadType & 0x7F));
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        return end + OVERHEAD;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
