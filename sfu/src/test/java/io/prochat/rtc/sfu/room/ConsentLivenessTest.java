package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.ice.IceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A participant who only receives (muted, camera off) and whose browser sends no RTCP for a while is still there as
 * long as ICE consent (RFC 7675) holds: the SFU counts the peer's answers to its consent checks as a sign of life,
 * and drops the participant only when they stop. The peer timeout is 2 s here (30 s in the gateway), so the SFU
 * checks every third of a second (a sixth of it), and the peer sends no media and no RTCP at all after joining. The
 * peer's own checks are answered but do not count: a captured one can be replayed from its address.
 */
class ConsentLivenessTest {
    private static final Duration STEP = Duration.ofSeconds(10);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);

    private final ExecutorService dtlsThreads = Executors.newCachedThreadPool();
    private DtlsCertificate cert;

    static {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @BeforeEach
    void certificate() {
        cert = DtlsCertificate.generate();
    }

    @AfterEach
    void stop() {
        dtlsThreads.shutdownNow();
    }

    @Test
    void aSilentPeerThatAnswersConsentChecksStaysAndIsRemovedWhenItStops() throws Exception {
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback().withPeerTimeout(PEER_TIMEOUT)));
                Rooms rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { })) {
            Room room = rooms.open("quiet");
            SyntheticPeer quiet = new SyntheticPeer(cert, 1000);
            quiet.join(room, "quiet", dtlsThreads, STEP);
            quiet.keepConsent(Duration.ofMillis(300));
            Thread.sleep(PEER_TIMEOUT.multipliedBy(3).toMillis());
            assertThat(quiet.consentAnswered.get()).as("the SFU answered the checks").isPositive();
            assertThat(room.size()).as("still in the room past the peer timeout").isEqualTo(1);
            assertThat(sfu.transportCount()).isEqualTo(1);
            quiet.vanish(); // checks stop, and the agent no longer answers the SFU's
            assertThat(quiet.closed.get(PEER_TIMEOUT.multipliedBy(5).toMillis(), TimeUnit.MILLISECONDS).reason())
                    .isNotBlank();
            assertThat(room.size()).isZero();
            quiet.close();
        }
    }
}
