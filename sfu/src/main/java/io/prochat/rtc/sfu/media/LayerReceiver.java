package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;

/**
 * One receiver of a simulcast track: it sees one SSRC, with continuous sequence numbers and timestamps (and VP8
 * picture numbers, {@link Vp8Numbering}), whichever layer it is on. Attached to the layer it receives (and, while
 * switching, also to the one it goes to); packets of the target layer are dropped until a key frame starts, then the
 * offsets are set so the stream continues where it left off. Runs on the publisher's packet thread (every layer of
 * one publisher arrives on the same thread).
 */
final class LayerReceiver implements PacketSender {
    /** Timestamp step at a switch: one frame at 30 fps on the 90 kHz clock; the decoder only needs it to grow. */
    private static final long SWITCH_TS_STEP = 3000;

    final PacketSender target;
    private final long ssrc;
    volatile StreamSource current;
    volatile StreamSource pending;
    /** Set when the receiver negotiated RTX: resends go out as RTX of the stream it sees. */
    volatile RtxStream rtx;
    /** The RTX stream used before RTX was turned off, continued if it comes back (control thread). */
    RtxStream lastRtx;
    private boolean started;
    private final Vp8Numbering vp8 = new Vp8Numbering();
    // written on the publisher's packet thread, read by resend on the receiver's
    private volatile int seqOffset;
    private volatile long tsOffset;
    /** The first output sequence number on the current layer: older ones were another layer's packets. */
    private volatile int switchSeq;
    private volatile boolean switchedOnce;
    private int lastSeq;
    private long lastTs;
    volatile long switches;
    // layer choice (control thread): no switch up before upAllowedNanos; the wait doubles while switches up fail
    long upAllowedNanos;
    long backoffNanos = SimulcastGroup.MIN_BACKOFF_NANOS;
    long lastUpNanos = Long.MIN_VALUE / 2;

    LayerReceiver(PacketSender target, long ssrc) {
        this.target = target;
        this.ssrc = ssrc;
    }

    @Override
    public boolean sendRtp(byte[] b, int off, int len) {
        long from = u32(b, off + 8);
        StreamSource pend = pending;
        StreamSource cur = current;
        int seq = ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
        long ts = u32(b, off + 4);
        int payload;
        if (pend != null && from == pend.ssrc()) {
            payload = Vp8.payloadOffset(b, off, len);
            if (payload < 0 || !Vp8.isKeyFrameStart(b, payload, off + len - payload)) {
                return true; // not yet: keep receiving the current layer
            }
            vp8.continueWith(b, payload, off + len - payload);
            seqOffset = started ? (lastSeq + 1 - seq) & 0xFFFF : 0;
            tsOffset = started ? (lastTs + SWITCH_TS_STEP - ts) & 0xFFFF_FFFFL : 0;
            switchSeq = (seq + seqOffset) & 0xFFFF;
            switchedOnce = true;
            current = pend;
            pending = null;
            switches++;
        } else if (cur == null || from != cur.ssrc()) {
            return true; // a layer we are leaving
        } else if (switchedOnce && ((seq + seqOffset - switchSeq) & 0x8000) != 0) {
            // older than the key frame we switched at, arriving late: its number was the previous layer's, and the
            // receiver may have that packet already (one SRTP index, two packets); it could not be decoded anyway
            return true;
        } else {
            payload = Vp8.payloadOffset(b, off, len);
        }
        if (payload >= 0) {
            vp8.rewrite(b, payload, off + len - payload);
        }
        int outSeq = (seq + seqOffset) & 0xFFFF;
        long outTs = (ts + tsOffset) & 0xFFFF_FFFFL;
        if (!started || ((outSeq - lastSeq) & 0x8000) == 0) {
            // the highest number sent so far (a late packet does not take it back): the next switch goes on from it
            lastSeq = outSeq;
            lastTs = outTs;
        }
        started = true;
        b[off + 2] = (byte) (outSeq >>> 8);
        b[off + 3] = (byte) outSeq;
        put32(b, off + 4, outTs);
        put32(b, off + 8, ssrc);
        return target.sendRtp(b, off, len);
    }

    /**
     * Re-sends output packet {@code seq} from the current layer's cache (a NACK, on the receiver's packet thread),
     * rewritten as the receiver saw it, then wrapped as RTX when negotiated; returns the bytes sent, or -1. Only
     * packets since the last switch: the current layer's cache holds other packets under the older numbers, and one
     * of them sent under a number the receiver already had would be another packet encrypted under an index already
     * used.
     */
    int resend(int seq, byte[] scratch) {
        StreamSource cur = current;
        if (cur == null || switchedOnce && ((seq - switchSeq) & 0x8000) != 0) {
            return -1;
        }
        int n = cur.copyCached((seq - seqOffset) & 0xFFFF, scratch);
        if (n < 0) {
            return -1;
        }
        scratch[2] = (byte) (seq >>> 8);
        scratch[3] = (byte) seq;
        put32(scratch, 4, (u32(scratch, 4) + tsOffset) & 0xFFFF_FFFFL);
        put32(scratch, 8, ssrc);
        int payload = Vp8.payloadOffset(scratch, 0, n);
        if (payload >= 0) {
            vp8.rewriteCopy(scratch, payload, n - payload);
        }
        RtxStream x = rtx;
        if (x != null && (n = x.wrap(scratch, n)) < 0) {
            return -1;
        }
        return target.sendRtp(scratch, 0, n) ? n : -1;
    }

    /**
     * The share stopped (control thread): no layer until the next attach, which waits for a key frame and then
     * continues from the last sequence number and timestamp sent, as at a layer switch.
     */
    void pause() {
        current = null;
        pending = null;
    }

    /**
     * A layer's sender report (relayed by {@link StreamSource#relayRtcp} on the publisher's packet thread, in a copy
     * of its own): rewritten as a report about the stream this receiver sees, or dropped. A layer's SSRC never
     * reaches the receiver: every SSRC sent to it takes an SRTCP context in its transport that nothing forgets, and
     * each new screen share brings new layer SSRCs, which in a long huddle filled the outbound table (issue 11,
     * item 7). Only the current layer's report is relayed, with the virtual SSRC and the RTP timestamp moved by the
     * same offset as the packets, so lip sync (RFC 3550 §6.4.1) maps the receiver's timeline; the report blocks (the
     * publisher's own reception) are left off. Packet and octet counts stay the layer's: receivers do not use them.
     */
    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        StreamSource cur = current;
        if (len < SR_LENGTH || (buf[off + 1] & 0xFF) != SR || cur == null || !started
                || u32(buf, off + 4) != cur.ssrc()) {
            return true; // about a layer this receiver does not see (or not a sender report): it ends here
        }
        buf[off] = (byte) (buf[off] & 0xC0); // version 2; no padding, no report blocks
        buf[off + 2] = 0;
        buf[off + 3] = (byte) (SR_LENGTH / 4 - 1);
        put32(buf, off + 4, ssrc);
        put32(buf, off + 16, (u32(buf, off + 16) + tsOffset) & 0xFFFF_FFFFL);
        return target.sendRtcp(buf, off, SR_LENGTH);
    }

    private static final int SR = 200;
    /** Header, SSRC and sender info (RFC 3550 §6.4.1), without report blocks. */
    private static final int SR_LENGTH = 28;

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
