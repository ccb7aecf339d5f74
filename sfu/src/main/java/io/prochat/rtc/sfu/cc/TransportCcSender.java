package io.prochat.rtc.sfu.cc;

import java.util.concurrent.atomic.AtomicLong;

import io.prochat.rtc.sfu.rtcp.TransportCc;
import io.prochat.rtc.sfu.rtp.RtpPacketView;
import io.prochat.rtc.sfu.rtp.TransportSequenceNumber;

/**
 * Transport-wide congestion control toward one receiver, on its transport's send path: every RTP packet gets the
 * next number of this transport's own sequence (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), written
 * into the packet's transport-cc element when it has one and inserted when it has not (the packet is the receiver's
 * own copy, and its array has tail room), and its send time and size go into the {@link SendHistory}. The receiver's
 * transport-cc feedback is matched against that history and fed to its {@link BandwidthEstimator}, whose estimate
 * also sets the {@link SendBudget} that video must fit in.
 *
 * <p>Off until {@link #enable} names the receiver's extension id: a receiver that did not negotiate transport-cc
 * is sent packets unchanged and keeps being served by its REMB. Sends may come from several threads (the sequence is
 * an atomic counter, the history lock-free); feedback is read on the receiver's own packet thread. No allocation
 * per packet.
 */
public final class TransportCcSender {
    private static final ThreadLocal<RtpPacketView> VIEW = ThreadLocal.withInitial(RtpPacketView::new);
    private static final int ONE_BYTE_PROFILE = RtpPacketView.ONE_BYTE_PROFILE;

    private final AtomicLong next = new AtomicLong();
    private final SendHistory history = new SendHistory();
    private final BandwidthEstimator estimator;
    private final SendBudget budget = new SendBudget();
    private final Prober prober = new Prober();
    private volatile int extensionId;
    private volatile int audioPayloadType = -1;
    /** Whether the receiver gets any video (set by the room): until then its audio is not numbered. */
    private volatile boolean receivesVideo;
    private volatile long budgetDrops;
    private volatile long unstampable;
    // feedback thread only
    private long[] arrivals = new long[256];

    public TransportCcSender() {
        this(new BandwidthEstimator());
    }

    public TransportCcSender(BandwidthEstimator estimator) {
        this.estimator = estimator;
    }

    /**
     * Turns stamping on with the receiver's id for the transport-cc extension (1..14 one-byte, 1..255 two-byte);
     * {@code audioPayloadType} is the receiver's Opus payload type, which the send budget never drops.
     */
    public void enable(int extensionId, int audioPayloadType) {
        this.audioPayloadType = audioPayloadType;
        this.extensionId = extensionId;
    }

    /**
     * Whether the receiver gets video now (the room says so once a second). Audio alone is never dropped nor
     * layered, so an audio-only receiver's estimate would serve nothing: its packets are sent unnumbered, which
     * spares the numbering, the history and the receiver's feedback for every one of them (most of a large huddle's
     * packets go to listeners). Video is always numbered.
     */
    public void receivesVideo(boolean video) {
        this.receivesVideo = video;
    }

    public boolean enabled() {
        return extensionId > 0;
    }

    public BandwidthEstimator estimator() {
        return estimator;
    }

    /** Bandwidth probing toward this receiver: the room sets what it could use, the transport sends the padding. */
    public Prober prober() {
        return prober;
    }

    /** Video packets dropped because they did not fit the send budget. */
    public long budgetDrops() {
        return budgetDrops;
    }

    /** Packets sent without a number: no room to insert one, or a header extension block of another profile. */
    public long unstampable() {
        return unstampable;
    }

    /**
     * On the way out, before encryption: checks the budget, then numbers the packet. Returns its new length
     * ({@code len}, or 4 or 8 bytes more when the element was inserted), or -1 when the budget drops it.
     *
     * @param reserve bytes that must stay free after the packet (the SRTP tag)
     */
    public int onSend(byte[] buf, int off, int len, int reserve, long nowNanos) {
        int id = extensionId;
        if (id <= 0 || len < RtpPacketView.FIXED_HEADER_LENGTH) {
            return len;
        }
        boolean audio = (buf[off + 1] & 0x7F) == audioPayloadType;
        if (audio && !receivesVideo) {
            return len;
        }
        if (!budget.admit(len, !audio, nowNanos)) {
            budgetDrops++;
            return -1;
        }
        return stamp(buf, off, len, id, reserve, nowNanos, false);
    }

    /**
     * A probe's padding packet on the way out, before encryption: numbered like any packet (never dropped by the
     * budget: it is what finds out whether more fits) and marked in the history, so its feedback goes to the
     * {@link Prober}. Returns its new length, or -1 when it could not be numbered (then it is useless: not sent).
     */
    public int onSendProbe(byte[] buf, int off, int len, int reserve, long nowNanos) {
        int id = extensionId;
        if (id <= 0 || len < RtpPacketView.FIXED_HEADER_LENGTH) {
            return -1;
        }
        int before = len;
        int n = stamp(buf, off, len, id, reserve, nowNanos, true);
        return n == before && find(buf, off, n, id) < 0 ? -1 : n;
    }

    private int stamp(byte[] buf, int off, int len, int id, int reserve, long nowNanos, boolean probe) {
        int at = elementFor(buf, off, len, id, reserve);
        if (at == -1) {
            unstampable++;
            return len;
        }
        if (at < 0) {
            len += -at - 1; // inserted: -1 - (bytes added); the element's data was written at the block's old end
            at = find(buf, off, len, id);
            if (at < 0) {
                unstampable++;
                return len;
            }
        }
        long seq = next.getAndIncrement();
        TransportSequenceNumber.write(buf, at, (int) seq);
        history.record(seq, nowNanos / 1000, len, probe);
        return len;
    }

    /**
     * The offset of the element's 2 data bytes, or, when it had to be inserted, {@code -1 - bytesAdded} (find it
     * again with the new length); -1 alone when there is no way to add it.
     */
    private static int elementFor(byte[] buf, int off, int len, int id, int reserve) {
        int at = find(buf, off, len, id);
        if (at >= 0) {
            return at;
        }
        int header = RtpPacketView.FIXED_HEADER_LENGTH + 4 * (buf[off] & 0x0F);
        if (header > len) {
            return -1;
        }
        int room = buf.length - (off + len) - reserve;
        if ((buf[off] & 0x10) == 0) {
            if (room < 8 || id > 14) {
                return -1;
            }
            int at0 = off + header;
            System.arraycopy(buf, at0, buf, at0 + 8, off + len - at0);
            buf[at0] = (byte) 0xBE;
            buf[at0 + 1] = (byte) 0xDE;
            buf[at0 + 2] = 0;
            buf[at0 + 3] = 1;
            buf[at0 + 4] = (byte) (id << 4 | 1);
            buf[at0 + 5] = 0;
            buf[at0 + 6] = 0;
            buf[at0 + 7] = 0;
            buf[off] |= 0x10;
            return -1 - 8;
        }
        if (header + 4 > len || room < 4) {
            return -1;
        }
        int profile = ((buf[off + header] & 0xFF) << 8) | (buf[off + header + 1] & 0xFF);
        int words = ((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF);
        int end = off + header + 4 + 4 * words;
        if (end > off + len || words == 0xFFFF) {
            return -1;
        }
        if (profile == ONE_BYTE_PROFILE && id <= 14) {
            System.arraycopy(buf, end, buf, end + 4, off + len - end);
            buf[end] = (byte) (id << 4 | 1);
            buf[end + 1] = 0;
            buf[end + 2] = 0;
            buf[end + 3] = 0;
        } else if ((profile & 0xFFF0) == 0x1000 && id <= 255) {
            System.arraycopy(buf, end, buf, end + 4, off + len - end);
            buf[end] = (byte) id;
            buf[end + 1] = 2;
            buf[end + 2] = 0;
            buf[end + 3] = 0;
        } else {
            return -1;
        }
        words++;
        buf[off + header + 2] = (byte) (words >> 8);
        buf[off + header + 3] = (byte) words;
        return -1 - 4;
    }

    /** The data offset of a 2-byte element {@code id}, or -1. */
    private static int find(byte[] buf, int off, int len, int id) {
        RtpPacketView v = VIEW.get();
        if (!v.wrap(buf, off, len)) {
            return -1;
        }
        int at = v.findExtension(id);
        return at >= 0 && v.extensionLength(at) == TransportSequenceNumber.LENGTH ? at : -1;
    }

    /**
     * One transport-cc feedback from the receiver (its packet thread): each reported number is matched with what was
     * sent under it, and the estimate and budget are updated. Numbers this transport never sent, or sent too long
     * ago, are skipped.
     */
    public void onFeedback(TransportCc feedback, long nowNanos) {
        int n = feedback.statusCount();
        if (arrivals.length < n) {
            arrivals = new long[Math.max(n, 2 * arrivals.length)]; // grows to the largest feedback once
        }
        feedback.arrivalTimesMicros(arrivals);
        int base = feedback.baseSequence();
        for (int i = 0; i < n; i++) {
            long seq = history.find((base + i) & 0xFFFF);
            if (seq < 0) {
                continue;
            }
            long sent = history.sendMicros(seq);
            int size = history.size(seq);
            if (sent < 0 || history.acknowledged(seq)) {
                continue;
            }
            boolean received = feedback.status(i) != TransportCc.NOT_RECEIVED;
            if (received) {
                history.acknowledge(seq);
            }
            if (history.probe(seq)) {
                // padding tells the probe what the path takes; it is no part of the rate the receiver is sent
                prober.onProbePacket(sent, received ? arrivals[i] : -1, size);
                if (received) {
                    estimator.onPacket(sent, arrivals[i], 0);
                }
            } else {
                estimator.onPacket(sent, received ? arrivals[i] : -1, size);
            }
        }
        long nowMicros = nowNanos / 1000;
        estimator.onFeedbackEnd(nowMicros);
        long probed = prober.result(nowMicros);
        if (probed != 0) {
            prober.concluded(estimator.probed(probed), nowMicros);
        }
        prober.maybeStart(estimator.estimate(), estimator.usage() == DelayBasedEstimator.Usage.NORMAL,
                estimator.lastLoss(), nowMicros);
        budget.rate(estimator.estimate());
    }
}
