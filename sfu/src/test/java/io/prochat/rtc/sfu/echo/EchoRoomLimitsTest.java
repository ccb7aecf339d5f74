package io.prochat.rtc.sfu.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceConfig;
import org.junit.jupiter.api.Test;

/** Issue 11, item 9: echo session ids cannot be guessed, and a session does not hold its slot for ever. */
class EchoRoomLimitsTest {
    private static String offer() throws Exception {
        try (InputStream in = EchoRoomLimitsTest.class.getResourceAsStream("/sdp/chromium-offer.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sessionIdsAreRandomAndUnrelatedToEachOther() throws Exception {
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback().withTcpPort(-1)));
                EchoRoom room = new EchoRoom(sfu)) {
            String first = room.join(offer()).sessionId();
            String second = room.join(offer()).sessionId();
            assertThat(first).doesNotMatch("t\\d+").hasSizeGreaterThanOrEqualTo(22);
            assertThat(second).isNotEqualTo(first);
            assertThat(room.addCandidate("t1", "candidate:1 1 udp 1 127.0.0.1 9 typ host")).isFalse();
            assertThat(room.addCandidate("t2", "candidate:1 1 udp 1 127.0.0.1 9 typ host")).isFalse();
            assertThat(room.session(first)).isNotNull();
        }
    }

    @Test
    void aSessionOlderThanItsLifetimeIsClosedAndFreesItsSlot() throws Exception {
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback().withTcpPort(-1)));
                EchoRoom room = new EchoRoom(sfu, Duration.ofMillis(100))) {
            String id = room.join(offer()).sessionId();
            assertThat(room.expire()).isZero();
            Thread.sleep(200);
            room.join(offer()); // expires the old one first
            assertThat(room.session(id)).isNull();
            assertThat(room.sessionCount()).isEqualTo(1);
        }
    }
}
