package io.prochat.rtc.sfu.room;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.dtls.DtlsEndpoint;
import io.prochat.rtc.sfu.dtls.DtlsHandshakeException;
import io.prochat.rtc.sfu.dtls.DtlsRole;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.sdp.Candidate;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.SdpAttribute;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import io.prochat.rtc.sfu.srtp.PacketBuffer;
import io.prochat.rtc.sfu.srtp.SrtpProfile;
import io.prochat.rtc.sfu.srtp.SrtpSession;
import io.prochat.rtc.sfu.transport.PacketKind;
import org.ice4j.ResponseCollector;
import org.ice4j.StunResponseEvent;
import org.ice4j.StunTimeoutEvent;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;

/**
 * A room participant made of our own parts instead of a browser: an ice4j agent, controlling as a browser that
 * offers is, on its own loopback socket; our DTLS endpoint as client; our SRTP session. It joins
 * with a Chromium-shaped offer, answers every server offer, sends a little Opus-shaped SRTP, counts what it
 * receives, and leaves. Public for the load generator ({@code io.prochat.rtc.sfu.load}), which publishes through
 * {@link #sendRtp} and reads what arrives through a {@link RtpTap}.
 */
public final class SyntheticPeer implements SignalSink, AutoCloseable {
    /** Sees every SRTP packet this peer receives (still encrypted: the header is in the clear), on its reader thread. */
    @FunctionalInterface
    public interface RtpTap {
        void onRtp(byte[] buf, int len, long nowNanos);
    }

    /** Null once {@link #vanish}ed: what the peer held goes with it, so a heap measured after shows the SFU's. */
    private volatile Agent agent = new Agent();
    private volatile Component component;
    private final DtlsCertificate certificate;
    private final long ssrcBase;
    private final CompletableFuture<Signal.Answer> answer = new CompletableFuture<>();
    private final CompletableFuture<Void> iceConnected = new CompletableFuture<>();
    final CompletableFuture<Signal.Closed> closed = new CompletableFuture<>();
    final CompletableFuture<SrtpSession> srtp = new CompletableFuture<>();
    final AtomicInteger mediaReceived = new AtomicInteger();
    private final java.util.Map<Long, AtomicInteger> rtpBySsrc = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Long, AtomicInteger> rtcpBySsrc = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Long, Integer> lastSeq = new java.util.concurrent.ConcurrentHashMap<>();
    /** The SFU's transport for this peer (its control thread sets it during the join). */
    volatile io.prochat.rtc.sfu.MediaTransport serverSide;
    private volatile Thread heartbeat;
    /** Joins as a listener: microphone muted and camera off, as most join the page. */
    private volatile boolean muted;
    /** Success responses to our own consent checks ({@link #keepConsent}). */
    final AtomicInteger consentAnswered = new AtomicInteger();
    final java.util.concurrent.LinkedBlockingQueue<Signal.Offer> offers = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile Room room;
    private volatile String sessionId;
    private volatile DtlsEndpoint dtls;

    private volatile Thread reader;
    private int nextSeq;
    private volatile TransportAddress remote;
    private volatile RtpTap tap;
    private final PacketBuffer outView = new PacketBuffer();
    private final byte[] out = new byte[1500];

    public SyntheticPeer(DtlsCertificate certificate, long ssrcBase) throws IOException {
        this.certificate = certificate;
        this.ssrcBase = ssrcBase;
        agent.setControlling(true);
        agent.setUseDynamicPorts(false); // no ice4j host harvester: it would bind every interface, not just loopback
        agent.addCandidateHarvester(new LoopbackHarvester());
        IceMediaStream stream = agent.createMediaStream("media");
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        agent.addStateChangeListener(e -> {
            if (e.getNewValue() == IceProcessingState.COMPLETED) {
                CandidatePair pair = component.getSelectedPair();
                remote = pair.getRemoteCandidate().getTransportAddress();
                iceConnected.complete(null);
            } else if (e.getNewValue() == IceProcessingState.FAILED) {
                iceConnected.completeExceptionally(new IOException("ICE failed"));
            }
        });
    }

    @Override
    public void send(Signal s) {
        if (s instanceof Signal.Joined j) {
            sessionId = j.sessionId();
        } else if (s instanceof Signal.Answer a) {
            answer.complete(a);
        } else if (s instanceof Signal.Offer o) {
            offers.add(o);
            room.answer(sessionId, "v=0"); // accepts whatever the SFU offers
        } else if (s instanceof Signal.Closed c) {
            closed.complete(c);
        } else if (s instanceof Signal.Failure f) {
            answer.completeExceptionally(new IllegalStateException(f.code() + ": " + f.message()));
        }
    }

    private void read() {
        java.net.DatagramSocket socket = component.getSocket();
        byte[] buf = new byte[1500];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                p.setLength(buf.length);
                socket.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            PacketKind kind = PacketKind.classify(buf, 0, p.getLength());
            DtlsEndpoint d = dtls;
            if (kind == PacketKind.DTLS && d != null) {
                d.receive(buf, 0, p.getLength());
            } else if (kind == PacketKind.RTP || kind == PacketKind.RTCP) {
                mediaReceived.incrementAndGet();
                if (kind == PacketKind.RTP) { // the SSRC is in the clear in SRTP
                    RtpTap t = tap;
                    if (t != null) {
                        t.onRtp(buf, p.getLength(), System.nanoTime());
                        continue;
                    }
                    long ssrc = ((buf[8] & 0xFFL) << 24) | ((buf[9] & 0xFF) << 16) | ((buf[10] & 0xFF) << 8)
                            | (buf[11] & 0xFF);
                    rtpBySsrc.computeIfAbsent(ssrc, k -> new AtomicInteger()).incrementAndGet();
                    lastSeq.put(ssrc, ((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF));
                } else if (p.getLength() >= 8) { // SRTCP: the first packet's sender SSRC is in the clear too
                    long ssrc = ((buf[4] & 0xFFL) << 24) | ((buf[5] & 0xFF) << 16) | ((buf[6] & 0xFF) << 8)
                            | (buf[7] & 0xFF);
                    rtcpBySsrc.computeIfAbsent(ssrc, k -> new AtomicInteger()).incrementAndGet();
                }
            }
        }
    }

    /** RTP packets received with this SSRC. */
    int rtpFrom(long ssrc) {
        AtomicInteger n = rtpBySsrc.get(ssrc);
        return n == null ? 0 : n.get();
    }

    /** The sequence number of the last RTP packet received with this SSRC, or -1. */
    int lastSeq(long ssrc) {
        return lastSeq.getOrDefault(ssrc, -1);
    }

    /** SRTCP packets received whose first packet is from this SSRC. */
    int rtcpFrom(long ssrc) {
        AtomicInteger n = rtcpBySsrc.get(ssrc);
        return n == null ? 0 : n.get();
    }

    /** The SSRCs SRTCP arrived from. */
    java.util.Set<Long> rtcpSsrcs() {
        return java.util.Set.copyOf(rtcpBySsrc.keySet());
    }

    /** The SFU's answer to the join offer (after {@link #join}). */
    String joinAnswer() {
        return answer.join().sdp();
    }

    String sessionId() {
        return sessionId;
    }

    /**
     * Protects a copy of a plain RTP packet or RTCP compound ({@code rtcp}) with this peer's SRTP and sends it: a
     * participant sending whatever it likes, validly encrypted.
     */
    synchronized void sendProtected(byte[] packet, int len, boolean rtcp) throws Exception {
        SrtpSession s = srtp.get();
        System.arraycopy(packet, 0, out, 0, len);
        outView.wrap(out, 0, len);
        if (rtcp) {
            s.protectRtcp(outView);
        } else {
            s.protectRtp(outView);
        }
        sendDatagram(outView.getBuffer(), outView.getOffset(), outView.getLength());
    }

    /** Sends bytes as they are, from this peer's socket to the SFU's address of the selected pair (its 5-tuple). */
    void sendRaw(byte[] b, int len) throws IOException {
        sendDatagram(b, 0, len);
    }

    public long micSsrc() {
        return ssrcBase + 1;
    }

    public long cameraSsrc() {
        return ssrcBase + 2;
    }

    /** Replaces the per-SSRC counting of received RTP (then {@link #rtpFrom} stays 0). */
    public void tap(RtpTap t) {
        tap = t;
    }

    /**
     * Sends one SRTP packet of {@code size} bytes before protection (12 B header, zero payload), from one reused
     * buffer: the load generator's publishing path. One sending thread per peer at a time.
     */
    public synchronized void sendRtp(long ssrc, int payloadType, boolean marker, int seq, long timestamp, int size)
            throws Exception {
        sendRtp(ssrc, payloadType, marker, seq, timestamp, size, 0, 0);
    }

    /** As above, with one one-byte header extension element {@code extensionId} carrying {@code value} when > 0. */
    public synchronized void sendRtp(long ssrc, int payloadType, boolean marker, int seq, long timestamp, int size,
            int extensionId, int value) throws Exception {
        SrtpSession s = srtp.get();
        byte[] b = out;
        java.util.Arrays.fill(b, 0, size, (byte) 0);
        if (extensionId > 0) { // X bit, then 0xBEDE, one word: the element, its one byte, two of padding
            b[0] = 0x10;
            b[12] = (byte) 0xBE;
            b[13] = (byte) 0xDE;
            b[15] = 1;
            b[16] = (byte) (extensionId << 4);
            b[17] = (byte) value;
        }
        b[0] |= (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[4] = (byte) (timestamp >>> 24);
        b[5] = (byte) (timestamp >>> 16);
        b[6] = (byte) (timestamp >>> 8);
        b[7] = (byte) timestamp;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        outView.wrap(b, 0, size);
        s.protectRtp(outView);
        sendDatagram(outView.getBuffer(), outView.getOffset(), outView.getLength());
    }

    /**
     * Sends one audio packet every 50 ms from now on, as a browser's steady stream does: the SFU counts a peer that
     * sends nothing for its peer timeout as gone.
     */
    void keepSending() {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    sendAudio(1);
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    return; // closed
                }
            }
        }, "synthetic-peer-heartbeat-" + ssrcBase);
        t.setDaemon(true);
        heartbeat = t;
        t.start();
    }

    /**
     * Sends one consent check (RFC 7675: an authenticated Binding request on the selected pair) every {@code every}
     * and nothing else, as a browser that only receives does between its RTCP reports. Our ice4j agent answers the
     * SFU's own checks either way; {@link #vanish} stops both.
     */
    void keepConsent(Duration every) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    sendConsentCheck();
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    return; // closed
                }
            }
        }, "synthetic-peer-consent-" + ssrcBase);
        t.setDaemon(true);
        heartbeat = t;
        t.start();
    }

    /** What ice4j's connectivity-check client puts in a check, without USE-CANDIDATE (the pair is chosen). */
    private void sendConsentCheck() throws IOException {
        CandidatePair pair = component.getSelectedPair();
        String media = component.getParentStream().getName();
        String username = agent.generateLocalUserName(media);
        Request check = MessageFactory.createBindingRequest();
        check.putAttribute(AttributeFactory.createPriorityAttribute(
                pair.getLocalCandidate().computePriorityForType(org.ice4j.ice.CandidateType.PEER_REFLEXIVE_CANDIDATE)));
        check.putAttribute(AttributeFactory.createIceControllingAttribute(agent.getTieBreaker()));
        check.putAttribute(AttributeFactory.createUsernameAttribute(username));
        MessageIntegrityAttribute integrity = AttributeFactory.createMessageIntegrityAttribute(username);
        integrity.setMedia(media); // the stack signs with the SFU's password, found by stream name
        check.putAttribute(integrity);
        agent.getStunStack().sendRequest(check, pair.getRemoteCandidate().getTransportAddress(),
                pair.getLocalCandidate().getTransportAddress(), new ResponseCollector() {
                    @Override
                    public void processResponse(StunResponseEvent e) {
                        if (e.getResponse().getMessageType() == Response.BINDING_SUCCESS_RESPONSE) {
                            consentAnswered.incrementAndGet();
                        }
                    }

                    @Override
                    public void processTimeout(StunTimeoutEvent e) {
                    }
                });
    }

    private void sendDatagram(byte[] buf, int off, int len) throws IOException {
        component.getSocket().send(new java.net.DatagramPacket(buf, off, len, remote));
    }

    /** The next join is a listener's: microphone muted, camera off. */
    public SyntheticPeer muted() {
        this.muted = true;
        return this;
    }

    /** Joins, then connects ICE and DTLS; returns once SRTP keys exist. */
    public void join(Room room, String userId, ExecutorService dtlsThreads, Duration timeout) throws Exception {
        join(room, userId, dtlsThreads, timeout, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #join}, with the join offer edited first (another browser's numbering, say). */
    public void join(Room room, String userId, ExecutorService dtlsThreads, Duration timeout,
            java.util.function.UnaryOperator<String> editOffer) throws Exception {
        this.room = room;
        List<String> candidates = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            candidates.add("candidate:" + c.getFoundation() + " 1 udp " + c.getPriority() + " "
                    + c.getTransportAddress().getHostAddress() + " " + c.getTransportAddress().getPort() + " typ host");
        }
        String offer = editOffer.apply(JoinOffers.offer(ssrcBase, agent.getLocalUfrag(), agent.getLocalPassword(),
                certificate.fingerprint().value(), candidates));
        room.join(new JoinRequest(userId, userId, offer, JoinOffers.TRACKS, !muted, !muted, null, false,
                t -> serverSide = t), this);
        SessionDescription sdp = SessionDescription.parse(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).sdp());
        MediaDescription m = sdp.media().get(0);
        for (SdpAttribute a : m.attributes()) {
            if (a instanceof Candidate) {
                IceCandidate c = IceCandidate.parse(a.line());
                if (c.transport().equals("udp")) {
                    component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(c.address(), c.port(),
                            org.ice4j.Transport.UDP), component, org.ice4j.ice.CandidateType.HOST_CANDIDATE,
                            c.foundation(), c.priority(), null));
                }
            }
        }
        List<Fingerprint> theirs = List.of(new Fingerprint("sha-256", sdp.fingerprints(m).get(0).value()));
        dtls = new DtlsEndpoint(DtlsRole.CLIENT, certificate, theirs, List.of(SrtpProfile.AEAD_AES_128_GCM,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80), timeout, this::sendDatagram, new DtlsEndpoint.Listener() {
                    @Override
                    public void onConnected(DtlsEndpoint e, SrtpProfile profile, byte[] km) {
                        srtp.complete(SrtpSession.fromKeyingMaterial(profile, true, km));
                    }

                    @Override
                    public void onFailed(DtlsEndpoint e, DtlsHandshakeException failure) {
                        srtp.completeExceptionally(failure);
                    }
                });
        IceMediaStream stream = component.getParentStream();
        stream.setRemoteUfrag(sdp.iceUfrag(m).orElseThrow());
        stream.setRemotePassword(sdp.icePwd(m).orElseThrow());
        agent.startConnectivityEstablishment();
        iceConnected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Thread t = new Thread(this::read, "synthetic-peer-" + ssrcBase);
        t.setDaemon(true);
        reader = t;
        t.start();
        dtls.start(dtlsThreads);
        srtp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends {@code n} Opus-shaped packets on the microphone SSRC. The SFU may still be finishing its side of the
     * handshake when ours completes (the DTLS server finishes last), so callers send until something arrives, as a
     * browser's steady stream does.
     */
    synchronized void sendAudio(int n) throws Exception {
        SrtpSession s = srtp.get();
        PacketBuffer view = new PacketBuffer();
        byte[] b = new byte[100];
        for (int i = 0; i < n; i++) {
            int seq = nextSeq++;
            java.util.Arrays.fill(b, (byte) 0);
            b[0] = (byte) 0x80;
            b[1] = 111;
            b[2] = (byte) (seq >> 8);
            b[3] = (byte) seq;
            long ssrc = ssrcBase + 1;
            b[8] = (byte) (ssrc >>> 24);
            b[9] = (byte) (ssrc >>> 16);
            b[10] = (byte) (ssrc >>> 8);
            b[11] = (byte) ssrc;
            view.wrap(b, 0, 40);
            s.protectRtp(view);
            sendDatagram(view.getBuffer(), view.getOffset(), view.getLength());
        }
    }

    /** Gone without a word, as a crashed browser or a cut network: the ICE agent stops, no DTLS close_notify. */
    public void vanish() {
        stopSending();
        Agent a = agent;
        if (a != null) {
            a.free();
        }
        agent = null;
        component = null;
        dtls = null;
        srtp.obtrudeValue(null);
    }

    private void stopSending() {
        Thread t = heartbeat;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void leave() {
        room.leave(sessionId);
    }

    /** Leaves the room and waits until the SFU said so. */
    public void leaveAndWait(Duration timeout) throws Exception {
        leave();
        closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stopSending();
        DtlsEndpoint d = dtls;
        if (d != null) {
            d.close();
        }
        Agent a = agent;
        if (a != null) {
            a.free();
        }
        Thread t = reader;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        srtp.thenAccept(x -> {
            if (x != null) {
                x.close();
            }
        });
    }
}
