package io.prochat.rtc.gateway.rtcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.room.Rooms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rtcd's session semantics on our rooms, driven as the plugin's WebSocket drives them, with bad and hostile input:
 * another client's session, unknown sessions, malformed payloads, a leave before any offer. No browser.
 */
class CallsSessionsTest {
    private static final String OFFER = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
            "a=group:BUNDLE 0", "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB", "a=setup:actpass", "a=mid:0", "a=sctp-port:5000",
            "a=max-message-size:262144") + "\r\n";

    private record Sent(String clientId, String sessionId, RtcdMessages.Outgoing message) {
    }

    private final LinkedBlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObjectMapper json = new ObjectMapper();
    private Sfu sfu;
    private Rooms rooms;
    private CallsSessions calls;
    private volatile boolean draining;
    private volatile boolean full;

    @BeforeAll
    static void noCloudMetadata() {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @BeforeEach
    void start() throws Exception {
        sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
        rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { });
        calls = new CallsSessions(rooms, (c, s, m) -> sent.add(new Sent(c, s, m)), json,
                new CallsMetrics(registry), () -> draining, () -> full);
    }

    @AfterEach
    void stop() {
        calls.close();
        rooms.close();
        sfu.close();
    }

    private static RtcdMessages.Join join(String session) {
        return new RtcdMessages.Join("call-1", "user-" + session, session, "channel-1", false, false);
    }

    private RtcdMessages.Rtc rtc(String session, int type, String data) {
        return new RtcdMessages.Rtc("", "", session, "", type, data.getBytes(StandardCharsets.UTF_8));
    }

    private Sent next() throws InterruptedException {
        Sent s = sent.poll(5, TimeUnit.SECONDS);
        assertThat(s).as("a message to the plugin").isNotNull();
        return s;
    }

    private double refused(String reason) {
        var c = registry.find("prochat_calls_messages_refused").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theFirstOfferIsAnsweredWithEveryFieldFilledAndTheSessionIsListed() throws Exception {
        calls.join("mm", join("s1"));
        calls.rtc("mm", rtc("s1", RtcdMessages.SDP, json.writeValueAsString(
                java.util.Map.of("type", "offer", "sdp", OFFER))));
        Sent answer = next();
        assertThat(answer.clientId()).isEqualTo("mm");
        RtcdMessages.Rtc m = (RtcdMessages.Rtc) answer.message();
        assertThat(List.of(m.groupId(), m.userId(), m.sessionId(), m.callId()))
                .containsExactly("mm", "user-s1", "s1", "call-1");
        assertThat(m.rtcType()).isEqualTo(RtcdMessages.SDP);
        assertThat(json.readTree(m.data()).get("type").asText()).isEqualTo("answer");
        assertThat(json.readTree(m.data()).get("sdp").asText()).contains("m=application", "a=sctp-port:5000");
        assertThat(calls.sessions("mm", "call-1")).extracting(RtcdMessages.SessionConfig::sessionId)
                .containsExactly("s1");
        assertThat(calls.sessions("other", "call-1")).as("another client sees none").isEmpty();

        calls.leave("mm", "s1");
        assertThat(next().message()).isEqualTo(new RtcdMessages.Close("s1"));
        assertThat(calls.sessions("mm", "call-1")).isEmpty();
    }

    @Test
    void anotherClientCanNeitherJoinNorDriveNorEndASessionThatIsNotItsOwn() throws Exception {
        calls.join("mm", join("s1"));
        calls.join("intruder", join("s1"));
        assertThat(refused("foreign_session")).isEqualTo(1);
        calls.rtc("intruder", rtc("s1", RtcdMessages.MUTE, ""));
        calls.leave("intruder", "s1");
        assertThat(refused("foreign_session")).isEqualTo(3);
        assertThat(sent).isEmpty();
        assertThat(calls.sessions("mm", "call-1")).hasSize(1);
    }

    @Test
    void malformedAndUnknownMessagesAreCountedAndNothingElseHappens() throws Exception {
        calls.join("mm", join("s1"));
        calls.rtc("mm", rtc("s1", RtcdMessages.SDP, "{not json"));
        calls.rtc("mm", rtc("s1", RtcdMessages.SDP, "{\"type\":\"pranswer\",\"sdp\":\"v=0\"}"));
        calls.rtc("mm", rtc("s1", RtcdMessages.SCREEN_ON, "{}"));
        calls.rtc("mm", rtc("s1", 42, ""));
        calls.rtc("mm", rtc("nobody", RtcdMessages.ICE, "{}"));
        calls.join("mm", new RtcdMessages.Join("", "u", "s2", "c", false, false));
        assertThat(refused("rtc_data")).isEqualTo(3);
        assertThat(refused("rtc_type")).isEqualTo(1);
        assertThat(refused("unknown_session")).isEqualTo(1);
        assertThat(refused("join_incomplete")).isEqualTo(1);
        calls.rtc("mm", rtc("s1", RtcdMessages.SDP, "{\"type\":\"offer\",\"sdp\":\"this is not sdp\"}"));
        assertThat(next().message()).as("a first offer the room refuses ends the session")
                .isEqualTo(new RtcdMessages.Close("s1"));
        assertThat(rooms.participantCount()).isZero();
        assertThat(sfu.transportCount()).isZero();
    }

    @Test
    void aLeaveBeforeAnyOfferClosesTheSessionAtOnce() throws Exception {
        calls.join("mm", join("s1"));
        calls.leave("mm", "s1");
        Sent close = sent.poll(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(close).isNotNull();
        assertThat(close.message()).isEqualTo(new RtcdMessages.Close("s1"));
        assertThat(calls.sessions("mm", "call-1")).isEmpty();
    }

    @Test
    void aJoinWhileTheGatewayDrainsIsClosedAtOnceAndCounted() throws Exception {
        calls.join("mm", join("s1"));
        draining = true;
        calls.join("mm", join("s2"));
        assertThat(next().message()).isEqualTo(new RtcdMessages.Close("s2"));
        assertThat(refused("draining")).isEqualTo(1);
    }

    @Test
    void aFullNodeRefusesJoinsThatWouldStartACallButNotJoinsIntoOneRunningHere() throws Exception {
        calls.join("mm", join("s1")); // waiting for its first offer: the call runs here
        full = true;
        calls.join("mm", new RtcdMessages.Join("call-2", "user-s2", "s2", "channel-1", false, false));
        calls.join("other-installation", new RtcdMessages.Join("call-1", "user-s3", "s3", "channel-1", false, false));
        calls.join("mm", join("s4")); // call-1 of mm runs here: it may grow
        Sent first = next();
        Sent second = next();
        assertThat(List.of(first, second)).extracting(Sent::message)
                .containsExactlyInAnyOrder(new RtcdMessages.Close("s2"), new RtcdMessages.Close("s3"));
        assertThat(refused("node_full")).isEqualTo(2);
        assertThat(calls.sessions("mm", "call-1")).extracting(RtcdMessages.SessionConfig::sessionId)
                .containsExactlyInAnyOrder("s1", "s4");
    }

    @Test
    void closeAllEndsEverySessionWithACloseToThePlugin() throws Exception {
        calls.join("mm", join("s1"));
        calls.join("mm", join("s2"));
        assertThat(calls.closeAll()).isEqualTo(2);
        assertThat(List.of(next(), next())).extracting(Sent::message)
                .containsExactlyInAnyOrder(new RtcdMessages.Close("s1"), new RtcdMessages.Close("s2"));
        assertThat(calls.sessionCount()).isZero();
    }
}
