package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session's own STUN on its selected pair: what it answers, what it sends, and what counts as hearing the peer.
 * No sockets: the datagrams it sends are captured, the peer's are written with {@link StunBinding}.
 */
class ConsentFreshnessTest {
    private static final String LOCAL_UFRAG = "sfuU";
    private static final String LOCAL_PASSWORD = "sfu-password-0123456789";
    private static final String REMOTE_UFRAG = "peer";
    private static final String REMOTE_PASSWORD = "peer-password-0123456789";
    private static final InetSocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger heard = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private ConsentFreshness consent(Duration interval) {
        return new ConsentFreshness(LOCAL_UFRAG, LOCAL_PASSWORD, () -> REMOTE_UFRAG, () -> REMOTE_PASSWORD, 12345,
                ControlledAgent.TIE_BREAKER, PEER, interval, (buf, off, len) -> sent.add(Arrays.copyOfRange(buf, off,
                        off + len)),
                new ConsentFreshness.Listener() {
                    @Override
                    public void heard() {
                        heard.incrementAndGet();
                    }

                    @Override
                    public void roleConflict() {
                        conflicts.incrementAndGet();
                    }

                    @Override
                    public void rejected() {
                        rejected.incrementAndGet();
                    }
                });
    }

    @Test
    void thePeersCheckIsAnsweredWithItsAddressButDoesNotCountAsHearingIt() {
        ConsentFreshness c = consent(Duration.ofHours(1));
        byte[] check = checkClaimingControlling(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PASSWORD);
        c.onStun(check, 0, check.length);

        assertThat(heard.get()).as("a check can be replayed: only answers to ours count").isZero();
        assertThat(sent).hasSize(1);
        byte[] answer = sent.get(0);
        assertThat(StunBinding.messageType(answer, 0, answer.length)).isEqualTo(StunBinding.BINDING_SUCCESS);
        assertThat(StunBinding.sameTransaction(answer, 0, answer.length, Arrays.copyOfRange(check, 8, 20))).isTrue();
        assertThat(StunBinding.verify(answer, 0, answer.length, LOCAL_PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(StunBinding.has(answer, 0, answer.length, StunBinding.XOR_MAPPED_ADDRESS)).isTrue();
    }

    @Test
    void aCheckThatDoesNotAuthenticateIsNeitherAnsweredNorHeardButCounted() {
        ConsentFreshness c = consent(Duration.ofHours(1));
        byte[] wrongPassword = checkClaimingControlling(LOCAL_UFRAG + ":" + REMOTE_UFRAG, "not-the-password");
        byte[] otherUfrag = checkClaimingControlling("other:" + REMOTE_UFRAG, LOCAL_PASSWORD);
        byte[] tampered = checkClaimingControlling(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PASSWORD);
        tampered[25] ^= 1;
        byte[] junk = {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3};
        for (byte[] m : List.of(wrongPassword, otherUfrag, tampered, junk)) {
            c.onStun(m, 0, m.length);
        }
        assertThat(heard.get()).isZero();
        assertThat(sent).isEmpty();
        assertThat(rejected.get()).isEqualTo(4);
    }

    @Test
    void aCheckClaimingControlledIsARoleConflictNotAnswered() {
        ConsentFreshness c = consent(Duration.ofHours(1));
        byte[] check = RawIcePeer.bindingRequest(LOCAL_UFRAG + ":" + REMOTE_UFRAG, LOCAL_PASSWORD, false);
        c.onStun(check, 0, check.length);
        assertThat(conflicts.get()).isEqualTo(1);
        assertThat(sent).isEmpty();
    }

    @Test
    void ourCheckCarriesThePeersCredentialsIsRetransmittedUnansweredAndAnAnswerCountsOnlyIfItAuthenticates()
            throws Exception {
        ConsentFreshness c = consent(Duration.ofSeconds(2));
        c.start(timer);
        await(() -> sent.size() >= 2); // the check (1.6-2.4 s) and its first retransmission (500 ms later)
        byte[] check = sent.get(0);
        assertThat(StunBinding.messageType(check, 0, check.length)).isEqualTo(StunBinding.BINDING_REQUEST);
        assertThat(StunBinding.username(check, 0, check.length)).isEqualTo(REMOTE_UFRAG + ":" + LOCAL_UFRAG);
        assertThat(StunBinding.verify(check, 0, check.length, REMOTE_PASSWORD.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(StunBinding.has(check, 0, check.length, StunBinding.ICE_CONTROLLED)).isTrue();
        assertThat(sent.get(1)).isEqualTo(check); // a retransmission keeps the transaction

        byte[] forged = answer(check, "not-the-password");
        c.onStun(forged, 0, forged.length);
        assertThat(heard.get()).isZero();
        assertThat(rejected.get()).isEqualTo(1);

        byte[] answer = answer(check, REMOTE_PASSWORD);
        c.onStun(answer, 0, answer.length);
        assertThat(heard.get()).isEqualTo(1);
        c.onStun(answer, 0, answer.length); // the same answer again: that transaction is over
        assertThat(heard.get()).isEqualTo(1);
        assertThat(rejected.get()).isEqualTo(2);

        await(() -> sent.stream().anyMatch(m -> !StunBinding.sameTransaction(m, 0, m.length,
                Arrays.copyOfRange(check, 8, 20)))); // the next check, a new transaction
        c.stop();
    }

    /** A peer's Binding request as a browser sends it once it controls. */
    private static byte[] checkClaimingControlling(String username, String password) {
        return RawIcePeer.bindingRequest(username, password, true);
    }

    private static byte[] answer(byte[] check, String password) {
        byte[] out = new byte[StunBinding.MAX_WRITTEN];
        int n = StunBinding.writeSuccess(out, check, 0, new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000),
                password.getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(out, n);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
