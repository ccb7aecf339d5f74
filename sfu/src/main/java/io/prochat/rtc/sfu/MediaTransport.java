package io.prochat.rtc.sfu;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.prochat.rtc.sfu.cc.PaddingSource;
import io.prochat.rtc.sfu.cc.Prober;
import io.prochat.rtc.sfu.cc.TransportCcSender;
import io.prochat.rtc.sfu.datachannel.DataChannels;
import io.prochat.rtc.sfu.dtls.DtlsEndpoint;
import io.prochat.rtc.sfu.dtls.DtlsFailure;
import io.prochat.rtc.sfu.dtls.DtlsHandshakeException;
import io.prochat.rtc.sfu.dtls.DtlsRole;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.ice.IceSession;
import io.prochat.rtc.sfu.rtp.RtpNumbering;
import io.prochat.rtc.sfu.srtp.PacketBuffer;
import io.prochat.rtc.sfu.srtp.SrtpProfile;
import io.prochat.rtc.sfu.srtp.SrtpResult;
import io.prochat.rtc.sfu.srtp.SrtpSession;
import io.prochat.rtc.sfu.transport.DtlsRecordHeader;
import io.prochat.rtc.sfu.transport.PacketKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's secure media transport: ICE, then DTLS over it, then SRTP/SRTCP keyed by DTLS.
 *
 * <p>Inbound, every non-STUN datagram is classified by {@link PacketKind} (RFC 7983 §7, RFC 5761 §4): DTLS is
 * queued to the DTLS endpoint, RTP and RTCP are copied to this transport's {@link MediaWorker}, anything else is
 * dropped and counted. On the worker, RTP/RTCP are decrypted in place in the worker's slot and handed to the
 * {@link MediaHandler}. Outbound, {@link #sendRtp}/{@link #sendRtcp} encrypt in place in the caller's buffer (which
 * needs tail room for the tag) and send over the selected ICE pair.
 *
 * <p>Threading: the receive thread (ice4j's for the shared UDP port, or this session's TCP reader) only classifies and
 * hands over; decryption and the {@link MediaHandler} run on this transport's media worker, always the same one, so
 * this peer's packets are handled in order on one thread. Each thread has its own reusable {@link PacketBuffer}
 * views, so nothing is allocated per packet. Sends may come from any worker (a room forwards from one peer's worker to
 * another peer's transport). State callbacks run on ICE or DTLS threads.
 */
public final class MediaTransport implements PacketSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaTransport.class);
    private static final ThreadLocal<PacketBuffer> IN_VIEW = ThreadLocal.withInitial(PacketBuffer::new);
    private static final ThreadLocal<PacketBuffer> OUT_VIEW = ThreadLocal.withInitial(PacketBuffer::new);
    private static final ThreadLocal<DtlsRecordHeader> DTLS_VIEW = ThreadLocal.withInitial(DtlsRecordHeader::new);

    /** Decrypted media of this peer, on its media worker; the buffer is valid only during the call. */
    public interface MediaHandler {
        /** {@code buf} has at least {@link #TAIL_ROOM} bytes after {@code off + len}. */
        void onRtp(MediaTransport from, byte[] buf, int off, int len);

        void onRtcp(MediaTransport from, byte[] buf, int off, int len);
    }

    /** Lifecycle of this transport. */
    public interface StateListener {
        /** The peer's first ICE check reached us: its agent has our credentials (the room's offers wait for it). */
        default void onIcePeerChecked(MediaTransport transport) {
        }

        /** ICE selected a pair: DTLS starts (join timing). */
        default void onIceConnected(MediaTransport transport) {
        }

        /** DTLS finished: SRTP keys exist, media can be sent. */
        default void onConnected(MediaTransport transport) {
        }

        default void onClosed(MediaTransport transport, CloseReason reason) {
        }
    }

    /** Bytes of tail room a buffer given to {@link #sendRtp}/{@link #sendRtcp} must have. */
    public static final int TAIL_ROOM = 20;

    private final String id;
    private final Sfu sfu;
    private final SfuMetrics metrics;
    private final IceSession ice;
    private final DtlsEndpoint dtls;
    private final TransportDescription local;
    private final MediaHandler media;
    private final StateListener state;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The thread all of this peer's inbound RTP and RTCP is processed on (see {@link MediaWorkers}). */
    private final MediaWorker worker;
    private final MediaWorker.Sink inboundSink = this::processMedia;
    private volatile SrtpSession srtp;
    private volatile DataChannelTransport dataChannels;
    /** The peer's codec and extension numbering to its room's, and back (identity unless a room sets them). */
    private volatile RtpNumbering inbound = RtpNumbering.IDENTITY;
    private volatile RtpNumbering outbound = RtpNumbering.IDENTITY;
    /** Congestion control toward this peer (issue 14): off until the room enables it for a transport-cc peer. */
    private final TransportCcSender congestion = new TransportCcSender();
    /** The RTX stream a probe pads on (set by the room once a second; null: no probing). */
    private volatile PaddingSource padding;
    private final MediaWorker.Ticker prober = this::sendProbe;
    // this peer's worker only: probe verdicts already counted
    private long probesSeen;
    private long probesRaisedSeen;
    private static final ThreadLocal<byte[]> PROBE_BUF =
            ThreadLocal.withInitial(() -> new byte[Prober.PACKET_BYTES + 8 + TAIL_ROOM]);

    MediaTransport(String id, Sfu sfu, IceSession ice, DtlsEndpoint dtls, TransportDescription local,
            MediaHandler media, StateListener state, MediaWorker worker) {
        this.id = id;
        this.worker = worker;
        this.sfu = sfu;
        this.metrics = sfu.metrics();
        this.ice = ice;
        this.dtls = dtls;
        this.local = local;
        this.media = media;
        this.state = state;
    }

    public String id() {
        return id;
    }

    /** The process-wide counters of the SFU this transport belongs to (the media handler counts into them too). */
    public SfuMetrics metrics() {
        return metrics;
    }

    /** Our side, for the answer: ICE ufrag/pwd and candidates, our fingerprint and setup. */
    public TransportDescription localDescription() {
        return local;
    }

    public DtlsRole dtlsRole() {
        return dtls.role();
    }

    /** The negotiated SRTP profile, or null before DTLS finished. */
    public SrtpProfile srtpProfile() {
        SrtpSession s = srtp;
        return s == null ? null : s.profile();
    }

    /**
     * SSRCs this transport holds outbound SRTP state for, RTP and RTCP (diagnostics and tests: each table holds
     * {@link SrtpSession#MAX_OUTBOUND_SSRCS}, and a full one refuses new streams); -1 before DTLS connected.
     */
    public int outboundRtpSsrcs() {
        SrtpSession s = srtp;
        return s == null ? -1 : s.outboundRtpSsrcCount();
    }

    /** See {@link #outboundRtpSsrcs}. */
    public int outboundRtcpSsrcs() {
        SrtpSession s = srtp;
        return s == null ? -1 : s.outboundRtcpSsrcCount();
    }

    /** "udp" or "tcp" once ICE selected a pair. */
    public String iceTransport() {
        return ice.selectedTransport();
    }

    public boolean isConnected() {
        return srtp != null && !closed.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    IceSession ice() {
        return ice;
    }

    MediaWorker worker() {
        return worker;
    }

    boolean dtlsConnected() {
        return dtls.isConnected();
    }

    /**
     * Opt-in for a session whose SDP has an {@code m=application} data channel section (answer it with
     * {@link LocalSdp#dataChannelAnswer}): an SCTP association on port 5000 over this transport's DTLS, started once
     * DTLS connects. Call right after {@link Sfu#accept}, before DTLS can connect; a second call returns the same
     * channels. Listener callbacks run on the DTLS or "sfu-sctp" thread and must not block.
     */
    public synchronized DataChannels enableDataChannels(DataChannels.Listener listener) {
        DataChannelTransport d = dataChannels;
        if (d == null) {
            d = new DataChannelTransport(dtls, sfu.sctpTimers(), listener);
            dataChannels = d;
            if (dtls.isConnected()) {
                d.onDtlsConnected();
            }
        }
        return d.channels();
    }

    /** The data channels, or null unless {@link #enableDataChannels} was called. */
    public DataChannels dataChannels() {
        DataChannelTransport d = dataChannels;
        return d == null ? null : d.channels();
    }

    /** The peer's ICE ufrag and password as its latest answer has them (see {@link IceSession#updateRemoteCredentials}). */
    public void remoteIceCredentials(String ufrag, String password) {
        ice.updateRemoteCredentials(ufrag, password);
    }

    /** A trickled remote candidate line ({@code candidate:...}). */
    public void addRemoteCandidate(IceCandidate candidate) {
        ice.addRemoteCandidate(candidate);
    }

    void start(TransportDescription remote, Executor dtlsExecutor) {
        for (IceCandidate c : remote.candidates()) {
            ice.addRemoteCandidate(c);
        }
        ice.start(remote.iceUfrag(), remote.icePwd());
        if (dtls.role() == DtlsRole.SERVER) {
            dtls.start(dtlsExecutor); // waits for the ClientHello
        }
    }

    /** Drops the SRTP state of a stream this peer will never be sent again (see {@link SrtpSession#forgetOutbound}). */
    public void forgetOutbound(long ssrc) {
        SrtpSession s = srtp;
        if (s != null) {
            s.forgetOutbound((int) ssrc);
        }
    }

    /**
     * Renumbers the peer's RTP into its room's numbering as it arrives ({@code in}) and the room's into the peer's as
     * it leaves ({@code out}); see {@link RtpNumbering}. Set before media flows.
     */
    public void renumber(RtpNumbering in, RtpNumbering out) {
        this.inbound = in;
        this.outbound = out;
    }

    /**
     * Send-side congestion control toward this peer: its transport-wide numbering, bandwidth estimate and send
     * budget. Enabled by the room when the peer negotiated transport-cc; its feedback is read by the forwarder.
     */
    public TransportCcSender congestion() {
        return congestion;
    }

    /**
     * Where probes toward this peer pad (an RTX stream it receives), and how much it could use in bit/s (0: none, no
     * probing); set by the room on its control thread.
     */
    public void probeVia(PaddingSource source, long wantBps) {
        padding = source;
        congestion.prober().want(source == null ? 0 : wantBps);
    }

    /**
     * After this peer's transport-cc feedback (on its media worker): a probe the feedback started is paced out by
     * the worker from now on.
     */
    public void onFeedbackRead() {
        Prober p = congestion.prober();
        if (p.concluded() != probesSeen) {
            probesSeen = p.concluded();
            metrics.probe(p.raised() != probesRaisedSeen);
            probesRaisedSeen = p.raised();
        }
        if (p.sending()) {
            if (Thread.currentThread() == worker.thread()) {
                worker.schedule(prober);
            } else {
                p.abort(System.nanoTime() / 1000); // feedback read off the worker (tests): nothing would pace it
            }
        }
    }

    /**
     * One tick of a probe on this peer's worker: the padding that is due, each packet numbered as a probe, encrypted
     * and sent like media. Returns whether the probe goes on. Allocates nothing.
     */
    private boolean sendProbe(long nowNanos) {
        Prober p = congestion.prober();
        long micros = nowNanos / 1000;
        long due = p.bytesDue(micros);
        byte[] b = PROBE_BUF.get();
        while (due >= Prober.PACKET_BYTES) {
            SrtpSession s = srtp;
            PaddingSource source = padding;
            int n = s == null || closed.get() || source == null ? -1 : source.writePadding(b, Prober.PACKET_BYTES);
            if (n > 0) {
                RtpNumbering out = outbound;
                if (!out.isIdentity()) {
                    out.apply(b, 0, n);
                }
                n = congestion.onSendProbe(b, 0, n, s.profile().rtpTagLength(), nowNanos);
            }
            PacketBuffer view = n < 0 ? null : OUT_VIEW.get().wrap(b, 0, n);
            if (view == null || s.protectRtp(view) != SrtpResult.OK || !send(view, true)) {
                p.abort(micros);
                return false;
            }
            metrics.probePadding(n);
            p.sent(n, micros);
            due -= n;
        }
        return p.sending();
    }

    /**
     * Encrypts an RTP packet in place (the array needs {@link #TAIL_ROOM}) and sends it; false when dropped. The
     * packet is this receiver's own copy: its payload type and extension ids are rewritten for the peer first, then
     * it gets this transport's transport-wide sequence number (which may add 4 or 8 bytes to it, within the tail room
     * beyond the SRTP tag) unless the send budget drops it.
     */
    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        SrtpSession s = srtp;
        if (s == null || closed.get()) {
            return false;
        }
        RtpNumbering out = outbound;
        if (!out.isIdentity()) {
            out.apply(buf, off, len);
        }
        // congestion control (issue 14, cc.TransportCcSender): numbered for transport-cc feedback, or over budget
        len = congestion.onSend(buf, off, len, s.profile().rtpTagLength(), System.nanoTime());
        if (len < 0) {
            metrics.media(SfuMetrics.Media.SEND_BUDGET, 1);
            return false;
        }
        PacketBuffer view = OUT_VIEW.get().wrap(buf, off, len);
        if (s.protectRtp(view) != SrtpResult.OK) {
            metrics.drop(SfuMetrics.Drop.SEND_FAILED);
            return false;
        }
        return send(view, true);
    }

    /** Encrypts an RTCP compound packet in place (the array needs {@link #TAIL_ROOM}) and sends it. */
    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        SrtpSession s = srtp;
        if (s == null || closed.get()) {
            return false;
        }
        PacketBuffer view = OUT_VIEW.get().wrap(buf, off, len);
        if (s.protectRtcp(view) != SrtpResult.OK) {
            metrics.drop(SfuMetrics.Drop.SEND_FAILED);
            return false;
        }
        return send(view, false);
    }

    private boolean send(PacketBuffer view, boolean rtp) {
        try {
            if (!ice.send(view.getBuffer(), view.getOffset(), view.getLength())) {
                metrics.drop(SfuMetrics.Drop.SEND_QUEUE_FULL);
                return false;
            }
            if (rtp) {
                metrics.rtpOut();
            } else {
                metrics.rtcpOut();
            }
            return true;
        } catch (IOException e) {
            metrics.drop(SfuMetrics.Drop.SEND_FAILED);
            return false;
        }
    }

    // ---- inbound ------------------------------------------------------------------------------------------

    /**
     * ICE push callback: one datagram, on the receive thread (ice4j's UDP thread or this session's TCP reader). Only
     * classifies it: DTLS goes to the DTLS endpoint's queue, RTP and RTCP are copied to this transport's media worker
     * (the receive buffer goes back to ice4j's pool at once), anything else is dropped and counted. Never throws.
     */
    void onDatagram(byte[] buf, int off, int len) {
        PacketKind kind = PacketKind.classify(buf, off, len);
        if (kind == PacketKind.DTLS) {
            if (!DtlsRecordHeader.isWellFormedDatagram(DTLS_VIEW.get(), buf, off, len)) {
                metrics.drop(SfuMetrics.Drop.NOT_MEDIA); // starts like DTLS, but its records do not add up
                return;
            }
            if (!dtls.receive(buf, off, len)) {
                metrics.drop(SfuMetrics.Drop.DTLS_QUEUE);
            }
            return;
        }
        if (kind != PacketKind.RTP && kind != PacketKind.RTCP) {
            metrics.drop(SfuMetrics.Drop.NOT_MEDIA); // STUN never gets here: ice4j keeps it
            return;
        }
        if (srtp == null) {
            metrics.drop(SfuMetrics.Drop.NO_KEYS_YET);
            return;
        }
        worker.offer(inboundSink, buf, off, len); // counts a full queue itself
    }

    /**
     * One RTP or RTCP datagram on this transport's media worker, in the worker's slot: decrypted in place and handed
     * to the {@link MediaHandler}. Never throws.
     */
    private void processMedia(byte[] buf, int off, int len) {
        SrtpSession s = srtp;
        if (s == null || closed.get()) {
            return; // closed while the datagram waited: its keys are gone
        }
        PacketKind kind = PacketKind.classify(buf, off, len);
        PacketBuffer view = IN_VIEW.get().wrap(buf, off, len);
        try {
            if (kind == PacketKind.RTCP) {
                SrtpResult r = s.unprotectRtcp(view);
                if (r != SrtpResult.OK) {
                    dropFor(r);
                    return;
                }
                ice.heard();
                metrics.rtcpIn();
                media.onRtcp(this, view.getBuffer(), view.getOffset(), view.getLength());
            } else {
                SrtpResult r = s.unprotectRtp(view);
                if (r != SrtpResult.OK) {
                    dropFor(r);
                    return;
                }
                ice.heard();
                metrics.rtpIn();
                RtpNumbering in = inbound;
                if (!in.isIdentity()) {
                    in.apply(view.getBuffer(), view.getOffset(), view.getLength());
                }
                media.onRtp(this, view.getBuffer(), view.getOffset(), view.getLength());
            }
        } catch (RuntimeException e) {
            // the media path never throws to its worker
            metrics.drop(SfuMetrics.Drop.SRTP_OTHER);
            LOG.debug("{}: media handler failed: {}", id, e.toString());
        }
    }

    private void dropFor(SrtpResult r) {
        switch (r) {
            case AUTH_FAIL:
                metrics.drop(SfuMetrics.Drop.SRTP_AUTH_FAIL);
                break;
            case REPLAY:
                metrics.drop(SfuMetrics.Drop.SRTP_REPLAY);
                break;
            case INVALID:
                metrics.drop(SfuMetrics.Drop.SRTP_INVALID);
                break;
            default:
                metrics.drop(SfuMetrics.Drop.SRTP_OTHER);
        }
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    void onIcePeerChecked() {
        state.onIcePeerChecked(this);
    }

    void onIceConnected(Executor dtlsExecutor) {
        state.onIceConnected(this);
        if (dtls.role() == DtlsRole.CLIENT) {
            dtls.start(dtlsExecutor); // a client speaks first, once there is a path
        } else {
            dtls.pathReady(); // a server may have answered a ClientHello before our side had a path back
        }
    }

    /**
     * DTLS finished. It can finish after {@link #close} (the handshake thread was past its last read): then the keys
     * are wiped and no SRTP session is left open behind a closed transport. A close racing this method sees the
     * session in {@link #srtp}, or this method sees {@link #closed} after publishing it; both close it (close is
     * idempotent), so neither order leaves it open.
     */
    void onDtlsConnected(SrtpProfile profile, byte[] keyingMaterial) {
        if (closed.get()) {
            Arrays.fill(keyingMaterial, (byte) 0);
            LOG.debug("{}: DTLS connected after the transport closed: keys dropped", id);
            return;
        }
        SrtpSession session = SrtpSession.fromKeyingMaterial(profile, dtls.role() == DtlsRole.CLIENT, keyingMaterial);
        Arrays.fill(keyingMaterial, (byte) 0);
        srtp = session;
        if (closed.get()) {
            srtp = null;
            session.close();
            return;
        }
        metrics.dtlsConnected();
        LOG.debug("{}: DTLS connected as {}, {}, over {}", id, dtls.role(), profile, ice.selectedTransport());
        DataChannelTransport d = dataChannels;
        if (d != null) {
            d.onDtlsConnected();
        }
        state.onConnected(this);
    }

    void onDtlsFailed(DtlsHandshakeException e) {
        if (closed.get()) {
            return;
        }
        LOG.info("{}: DTLS failed: {}", id, e.getMessage());
        close(e.failure() == DtlsFailure.FINGERPRINT_MISMATCH ? CloseReason.FINGERPRINT_MISMATCH
                : CloseReason.DTLS_FAILED);
    }

    /** Closes with {@link CloseReason#LOCAL}. */
    @Override
    public void close() {
        close(CloseReason.LOCAL);
    }

    /** Closes once: close_notify to the peer, ICE agent freed, SRTP contexts dropped, the listener told. */
    public void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        metrics.closed(reason);
        // Our one line per transport end, at INFO: ice4j's own "Connector died" warning on ICE-TCP teardown is
        // silenced in the gateway's logging (LoggingSetup), as it reads like a fault for a browser that left.
        String over = ice.selectedTransport();
        LOG.info("{}: media transport closed ({}), {}", id, reason.name().toLowerCase(java.util.Locale.ROOT),
                over == null ? "before ICE connected" : "was over " + over);
        DataChannelTransport d = dataChannels;
        if (d != null) {
            d.close();
        }
        dtls.close();
        ice.close();
        SrtpSession s = srtp;
        if (s != null) {
            s.close();
            srtp = null;
        }
        sfu.forget(this);
        try {
            state.onClosed(this, reason);
        } catch (RuntimeException e) {
            LOG.warn("{}: close listener failed", id, e);
        }
    }

    /**
     * CM_80 first: with our SRTP it costs less than half of GCM per packet (docs/benchmarks.md), because the JDK
     * accelerates SHA-1 but offers no allocation-free GHASH. Both are offered, and WebRTC requires CM_80 anyway.
     */
    static List<SrtpProfile> defaultProfiles() {
        return List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM);
    }
}
