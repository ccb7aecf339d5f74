package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STUN on a UDP session's selected pair once ice4j's agent has terminated (RFC 7675): answers the peer's consent
 * checks and sends our own, one every {@code interval} randomised between 0.8 and 1.2 of it (RFC 7675 §5.1: 5 s),
 * retransmitted within it while unanswered. Only an authenticated answer to our current check counts as hearing from
 * the peer (RFC 7675 grants consent so): the peer's own checks are answered but do not count, since a captured one
 * can be replayed from the peer's address by someone else, and neither does anything that does not authenticate, so
 * no spoofed or replayed datagram keeps a vanished participant's session open.
 *
 * <p>Why not ice4j's: its STUN stack reads every session's socket on a thread of its own, for the whole call; see
 * {@link SharedPortUdpHarvester}. Threading: {@link #onStun} runs on the port's receive thread, the checks on the
 * shared timer; the outstanding transaction is guarded by this object.
 */
final class ConsentFreshness implements SharedPortUdpHarvester.StunHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConsentFreshness.class);
    private static final SecureRandom TRANSACTION_IDS = new SecureRandom();
    /** How often consent is checked, on average (RFC 7675 §5.1), unless the peer timeout asks for more often. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    /**
     * The check interval for a peer timeout: {@link #INTERVAL}, or a sixth of the timeout when that is shorter (RFC
     * 7675's 5 s against its 30 s), so that a peer that answers is never timed out between two checks.
     */
    static Duration interval(Duration peerTimeout) {
        Duration sixth = peerTimeout.dividedBy(6);
        return sixth.compareTo(INTERVAL) < 0 ? sixth : INTERVAL;
    }
    /**
     * Retransmissions of an unanswered check, 0.5, 1.5 and 3.5 s after it (RFC 8489 §6.2.1's doubling, within the
     * shortest interval); the next check, a new transaction, replaces it.
     */
    private static final int RETRANSMISSIONS = 3;
    private static final long FIRST_RETRANSMISSION_MS = 500;

    /** Sends one datagram on the selected pair; false when it was dropped (a full send buffer). */
    interface Sender {
        boolean send(byte[] buf, int off, int len) throws IOException;
    }

    /** What the check learns about the peer. */
    interface Listener {
        /** An authenticated answer from the peer to our current check. */
        void heard();

        /** The peer's request claimed the controlled role too (we are always controlled). */
        void roleConflict();

        /**
         * STUN that was dropped: a request without our credentials, an answer to no check of ours (or one that does
         * not authenticate), or another kind of message.
         */
        void rejected();
    }

    private final byte[] localKey;
    private final String localUfragColon;
    private final String localUfrag;
    private final Supplier<String> remoteUfrag;
    private final Supplier<String> remotePassword;
    private final long priority;
    private final long tieBreaker;
    private final InetSocketAddress remote;
    private final Sender sender;
    private final Listener listener;
    private final long intervalMs;
    /** Answers, written on the receive thread only. */
    private final byte[] answer = new byte[StunBinding.MAX_WRITTEN];
    /** Our check while it is unanswered (guarded by this). */
    private byte[] pendingId;
    private byte[] pendingCheck;
    private int pendingLength;
    private int retransmissions;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> nextCheck;
    private ScheduledFuture<?> nextRetransmission;
    private boolean stopped;

    /**
     * @param remoteUfrag the peer's current ufrag and {@code remotePassword} its password, read at every check (a peer
     *     may restart ICE on its side, {@link IceSession#updateRemoteCredentials})
     * @param priority the PRIORITY our checks carry (RFC 8445 §7.1.1)
     * @param interval how often to check on average ({@link #INTERVAL}; shorter in tests)
     */
    ConsentFreshness(String localUfrag, String localPassword, Supplier<String> remoteUfrag,
            Supplier<String> remotePassword, long priority, long tieBreaker, InetSocketAddress remote,
            Duration interval, Sender sender, Listener listener) {
        this.localUfrag = localUfrag;
        this.localUfragColon = localUfrag + ":";
        this.localKey = localPassword.getBytes(StandardCharsets.UTF_8);
        this.remoteUfrag = remoteUfrag;
        this.remotePassword = remotePassword;
        this.priority = priority;
        this.tieBreaker = tieBreaker;
        this.remote = remote;
        this.intervalMs = Math.max(100, interval.toMillis());
        this.sender = sender;
        this.listener = listener;
    }

    /** Starts the checks on {@code timer}: the first after one interval. */
    synchronized void start(ScheduledExecutorService timer) {
        if (stopped) {
            return;
        }
        this.timer = timer;
        scheduleCheck();
    }

    /** No more checks; what arrives later is ignored. */
    synchronized void stop() {
        stopped = true;
        endTransaction();
        if (nextCheck != null) {
            nextCheck.cancel(false);
            nextCheck = null;
        }
    }

    /** Our check is answered, replaced or given up: no more retransmissions, and no answer matches. Guarded by this. */
    private void endTransaction() {
        pendingId = null;
        pendingCheck = null;
        if (nextRetransmission != null) {
            nextRetransmission.cancel(false);
            nextRetransmission = null;
        }
    }

    @Override
    public void onStun(byte[] buf, int off, int len) {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        int type = StunBinding.messageType(buf, off, len);
        if (type == StunBinding.BINDING_REQUEST) {
            onRequest(buf, off, len);
        } else if (type == StunBinding.BINDING_SUCCESS) {
            onSuccess(buf, off, len);
        } else {
            listener.rejected(); // indications, errors, other methods, malformed: nothing an established pair needs
        }
    }

    private void onRequest(byte[] buf, int off, int len) {
        String username = StunBinding.username(buf, off, len);
        if (username == null || !username.startsWith(localUfragColon)
                || !StunBinding.verify(buf, off, len, localKey)) {
            listener.rejected(); // not for us, or not from the peer: no answer (it would tell a prober we exist)
            return;
        }
        if (StunBinding.has(buf, off, len, StunBinding.ICE_CONTROLLED)) {
            listener.roleConflict(); // the peer settled as controlling long ago; a stray check, not answered
            return;
        }
        int n = StunBinding.writeSuccess(answer, buf, off, remote, localKey);
        send(answer, n);
    }

    private void onSuccess(byte[] buf, int off, int len) {
        String password = remotePassword.get();
        synchronized (this) {
            // a late duplicate answer finds no pending transaction
            if (pendingId == null || !StunBinding.sameTransaction(buf, off, len, pendingId) || password == null
                    || !StunBinding.verify(buf, off, len, password.getBytes(StandardCharsets.UTF_8))) {
                listener.rejected();
                return;
            }
            endTransaction();
        }
        listener.heard();
    }

    private synchronized void scheduleCheck() {
        if (stopped) {
            return;
        }
        long delay = (long) (intervalMs * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        nextCheck = schedule(this::check, delay);
    }

    /** Guarded by this. A timer already shut down (the ports closing) ends the checks. */
    private ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        try {
            return timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            stopped = true;
            return null;
        }
    }

    /** A new check, a new transaction: an unanswered one before it is given up. */
    private void check() {
        String ufrag = remoteUfrag.get();
        String password = remotePassword.get();
        byte[] datagram = null;
        int n = -1;
        synchronized (this) {
            if (stopped) {
                return;
            }
            endTransaction();
            if (ufrag != null && password != null) {
                byte[] id = new byte[12];
                TRANSACTION_IDS.nextBytes(id);
                datagram = new byte[StunBinding.MAX_WRITTEN];
                n = StunBinding.writeRequest(datagram, id, ufrag + ":" + localUfrag, priority, tieBreaker,
                        password.getBytes(StandardCharsets.UTF_8));
                if (n > 0) {
                    pendingId = id;
                    pendingCheck = datagram;
                    pendingLength = n;
                    retransmissions = 0;
                    nextRetransmission = schedule(this::retransmit, FIRST_RETRANSMISSION_MS);
                }
            }
            scheduleCheck();
        }
        if (n > 0) {
            send(datagram, n);
        }
    }

    private void retransmit() {
        byte[] datagram;
        int n;
        synchronized (this) {
            if (stopped || pendingCheck == null) {
                return; // answered, or replaced by the next check
            }
            datagram = pendingCheck;
            n = pendingLength;
            retransmissions++;
            nextRetransmission = retransmissions < RETRANSMISSIONS
                    ? schedule(this::retransmit, FIRST_RETRANSMISSION_MS << retransmissions) : null;
        }
        send(datagram, n);
    }

    private void send(byte[] datagram, int n) {
        if (n < 0) {
            return; // nothing could be written (StunBinding refuses what it cannot encode)
        }
        try {
            sender.send(datagram, 0, n);
        } catch (IOException | RuntimeException e) {
            LOG.debug("consent {}: send to {} failed: {}", localUfrag, remote, e.toString());
        }
    }
}
