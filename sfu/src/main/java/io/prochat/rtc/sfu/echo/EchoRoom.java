package io.prochat.rtc.sfu.echo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.prochat.rtc.sfu.CloseReason;
import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.TransportDescription;
import io.prochat.rtc.sfu.datachannel.DataChannel;
import io.prochat.rtc.sfu.datachannel.DataChannels;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.sdp.SessionDescription;

/**
 * A room of one: whatever a peer sends comes back to it. The end-to-end check of the transport (ICE, DTLS, SRTP both
 * ways) against a real browser, and a "test your camera" page for users.
 *
 * <p>Each decrypted RTP packet has its SSRC renamed ({@link SsrcMirror}) and is re-encrypted in place and sent back
 * on the receive thread; RTCP likewise, so the browser's own PLI/NACK/FIR about the echoed stream reach its encoder.
 * Nothing is allocated per packet. Data channels, when the offer has them, echo every message (see {@link #CLOSE_ME}).
 */
public final class EchoRoom implements AutoCloseable {
    /** The answer for a join, and the id to trickle candidates to. */
    public record Joined(String sessionId, String answerSdp) {
    }

    private static final MediaTransport.MediaHandler ECHO = new MediaTransport.MediaHandler() {
        @Override
        public void onRtp(MediaTransport from, byte[] buf, int off, int len) {
            SsrcMirror.rtp(buf, off);
            from.sendRtp(buf, off, len);
        }

        @Override
        public void onRtcp(MediaTransport from, byte[] buf, int off, int len) {
            SsrcMirror.rtcp(buf, off, len);
            from.sendRtcp(buf, off, len);
        }
    };

    /**
     * Every message comes back on its channel, text as text and binary as binary. The text {@value #CLOSE_ME} is not
     * echoed: the server closes that channel instead, which is how a page tests a close from our side.
     */
    static final String CLOSE_ME = "echo:close-me";

    private static final DataChannels.Listener DATA_ECHO = new DataChannels.Listener() {
        @Override
        public void onOpen(DataChannel channel) {
        }

        @Override
        public void onMessage(DataChannel channel, boolean binary, byte[] data) {
            if (binary) {
                channel.send(data);
                return;
            }
            String text = new String(data, StandardCharsets.UTF_8);
            if (CLOSE_ME.equals(text)) {
                channel.close();
            } else {
                channel.send(text);
            }
        }
    };
    /** How long an echo session may last unless the room is built with another lifetime. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Sfu sfu;
    private final Duration lifetime;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** One echo session: its transport, under an id nobody can guess, and when it started. */
    private record Session(MediaTransport transport, long startedNanos) {
    }

    public EchoRoom(Sfu sfu) {
        this(sfu, DEFAULT_LIFETIME);
    }

    /**
     * @param lifetime how long one session may last: an open page cannot hold one of the few echo slots for ever
     *     (issue 11, item 9); expired sessions are closed by {@link #expire}, which {@link #join} calls first
     */
    public EchoRoom(Sfu sfu, Duration lifetime) {
        this.sfu = sfu;
        this.lifetime = lifetime;
    }

    /** Closes the sessions older than the lifetime; returns how many. */
    public int expire() {
        long now = System.nanoTime();
        int n = 0;
        for (Map.Entry<String, Session> e : sessions.entrySet()) {
            if (now - e.getValue().startedNanos() > lifetime.toNanos()) {
                leave(e.getKey());
                n++;
            }
        }
        return n;
    }

    /** 128 random bits, URL-safe: a session id is the only key to /echo/candidate, so it must not be guessable. */
    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "e" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Answers a browser's offer: audio (Opus) and video (VP8) are accepted sendrecv and echoed, and so are the
     * messages of its data channels.
     *
     * @throws IllegalArgumentException when the offer is not usable (no ICE credentials, no fingerprint)
     */
    public Joined join(String offerSdp) throws IOException {
        expire();
        SessionDescription offer = EchoSdp.parse(offerSdp);
        TransportDescription remote = EchoSdp.transport(offer);
        String id = newId();
        MediaTransport t = sfu.accept(remote, ECHO, new MediaTransport.StateListener() {
            @Override
            public void onClosed(MediaTransport transport, CloseReason reason) {
                sessions.computeIfPresent(id, (k, v) -> v.transport() == transport ? null : v);
            }
        });
        if (EchoSdp.hasDataChannel(offer)) {
            t.enableDataChannels(DATA_ECHO);
        }
        sessions.put(id, new Session(t, System.nanoTime()));
        if (t.isClosed()) {
            sessions.remove(id);
        }
        try {
            return new Joined(id, EchoSdp.answer(offer, t.localDescription(), SsrcMirror::map));
        } catch (RuntimeException e) {
            // an offer we cannot answer must not keep its transport (and a session slot) for the connect timeout
            t.close();
            sessions.remove(id);
            throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException("cannot answer: " + e, e);
        }
    }

    /** A trickled candidate from the browser ({@code candidate:...}); false for an unknown session or an empty one. */
    public boolean addCandidate(String sessionId, String candidate) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || candidate == null || candidate.isBlank()) {
            return false;
        }
        session.transport().addRemoteCandidate(IceCandidate.parse(candidate));
        return true;
    }

    public MediaTransport session(String sessionId) {
        Session session = sessions.get(sessionId);
        return session == null ? null : session.transport();
    }

    public int sessionCount() {
        return sessions.size();
    }

    public void leave(String sessionId) {
        Session session = sessions.remove(sessionId);
        if (session != null) {
            session.transport().close();
        }
    }

    @Override
    public void close() {
        sessions.values().forEach(x -> x.transport().close());
        sessions.clear();
    }
}
