package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.SfuMetrics.Stage;
import io.prochat.rtc.sfu.SfuMetrics.StageDrop;
import io.prochat.rtc.sfu.rtcp.ReceiverReport;
import io.prochat.rtc.sfu.rtcp.Remb;
import org.junit.jupiter.api.Test;

/**
 * The stage counters of the media path add up: every packet that enters is passed by the last stage or dropped by
 * exactly one stage for one reason, and each stage passes what the one before it passed less what it dropped.
 */
class MediaPipelineCountsTest {
    private static final long MIC = 0x111;
    private static final long L = 0x1111;
    private static final long H = 0x2222;
    private final SfuMetrics metrics = new SfuMetrics();
    private final StreamTable room = new StreamTable();
    private final Forwarder alice = new Forwarder(room);
    private final RecordingSender aliceTransport = new RecordingSender();
    private final RecordingSender bob = new RecordingSender();

    MediaPipelineCountsTest() {
        alice.metrics(metrics);
    }

    @Test
    void mutedAudioIsDroppedByTheMuteFilterAndTheRestIsForwarded() {
        StreamSource mic = new StreamSource("mic_alice", MIC, false, aliceTransport, 1, null);
        alice.own().add(mic);
        room.add(mic);
        mic.attach(bob);
        int seq = 0;
        for (int i = 0; i < 3; i++) {
            alice.receiveRtp(Packets.audio(seq++, MIC, 30), 0, 21);
        }
        mic.mute(true);
        for (int i = 0; i < 5; i++) {
            alice.receiveRtp(Packets.audio(seq++, MIC, 30), 0, 21);
        }
        mic.mute(false);
        for (int i = 0; i < 2; i++) {
            alice.receiveRtp(Packets.audio(seq++, MIC, 30), 0, 21);
        }
        assertThat(bob.rtp).hasSize(5);
        assertThat(metrics.stageDropped(StageDrop.MUTED)).isEqualTo(5);
        assertThat(metrics.stagePassed(Stage.RECEPTION_STATS)).as("counted for receiver reports, muted or not")
                .isEqualTo(10);
        assertThat(metrics.stagePassed(Stage.FAN_OUT)).isEqualTo(5);
        assertAddsUp(10);
    }

    @Test
    void anUnknownSsrcIsDroppedByTheStreamLookup() {
        StreamSource mic = new StreamSource("mic_alice", MIC, false, aliceTransport, 1, null);
        alice.own().add(mic);
        mic.attach(bob);
        for (int i = 0; i < 4; i++) {
            alice.receiveRtp(Packets.rtp(i, i, 0xBAD), 0, 16);
        }
        alice.receiveRtp(Packets.audio(1, MIC, 30), 0, 21);
        alice.rtxPayloadType(97);
        byte[] rtx = Packets.rtp(2, 2, MIC);
        rtx[1] = 97;
        alice.receiveRtp(rtx, 0, 16);
        assertThat(metrics.stageDropped(StageDrop.UNKNOWN_SSRC)).isEqualTo(4);
        assertThat(metrics.media(SfuMetrics.Media.UNKNOWN_SSRC)).as("the older family counts the same drops")
                .isEqualTo(4);
        assertThat(metrics.stageDropped(StageDrop.RTX)).isEqualTo(1);
        assertThat(metrics.stagePassed(Stage.FAN_OUT)).isEqualTo(1);
        assertThat(bob.rtp).hasSize(1);
        assertAddsUp(6);
    }

    @Test
    void aSimulcastLayerNobodySelectedIsDroppedAfterItWasMeasured() {
        Map<Object, Long> downlinks = new ConcurrentHashMap<>();
        SimulcastGroup group = new SimulcastGroup("screen_alice", 0xCAFE, aliceTransport, List.of("l", "h"), 10,
                new int[] {4, 10, 11}, alice.own(), r -> downlinks.getOrDefault(r, 0L));
        alice.simulcast(group);
        group.attach(bob, 0);
        downlinks.put(bob, 100L); // bob's downlink takes 100 bit/s: below either layer, so the lowest
        send(L, "l", 100, true); // before any selection: nobody on either layer
        send(H, "h", 500, true);
        group.select(System.nanoTime(), true);
        assertThat(group.receiverLayers()).as("pending until l's key frame").containsExactly((String) null);
        send(L, "l", 101, true);
        for (int i = 0; i < 10; i++) {
            send(H, "h", 501 + i, false);
        }
        send(L, "l", 102, false);
        assertThat(group.receiverLayers()).containsExactly("l");
        assertThat(bob.rtp).extracting(Packets::seq).hasSize(2);
        assertThat(metrics.stageDropped(StageDrop.LAYER_NOT_SELECTED)).isEqualTo(12);
        assertThat(metrics.stagePassed(Stage.FLOW_METER)).as("h is measured, so it can be selected later")
                .isEqualTo(14);
        assertThat(group.stream().bytesForwarded()).isZero();
        assertThat(alice.own().find(H).bytesForwarded()).isEqualTo(11 * 40);
        assertThat(metrics.stagePassed(Stage.FAN_OUT)).isEqualTo(2);
        assertAddsUp(14);
    }

    @Test
    void rtcpPacketsEachGoToOneStageOrEndAtTheDemux() {
        byte[] b = new byte[200];
        int n = ReceiverReport.write(b, 0, 0xB0B, 0);
        n += Remb.write(b, n, 0xB0B, 750_000, new long[] {MIC}, 1);
        alice.receiveRtcp(aliceTransport, b, 0, n);
        byte[] junk = {(byte) 0x81, (byte) 206, 0, 9, 1, 2, 3};
        alice.receiveRtcp(aliceTransport, junk, 0, junk.length);
        assertThat(metrics.stagePassed(Stage.RTCP_COMPOUND)).isEqualTo(1);
        assertThat(metrics.stageDropped(StageDrop.RTCP_MALFORMED)).isEqualTo(1);
        assertThat(metrics.stageDropped(StageDrop.RTCP_TERMINATED)).as("the receiver report").isEqualTo(1);
        assertThat(metrics.stagePassed(Stage.RTCP_DEMUX)).isEqualTo(1);
        assertThat(metrics.stagePassed(Stage.REMB)).isEqualTo(1);
        assertThat(alice.downlinkBps()).isBetween(749_000L, 751_000L);
    }

    @Test
    void theRtpStagesAreTheMetricsStagesInOrder() {
        assertThat(MediaPipeline.rtpStages()).containsExactly(Arrays.copyOf(Stage.values(),
                Stage.FAN_OUT.ordinal() + 1));
    }

    private void send(long ssrc, String rid, int seq, boolean key) {
        alice.receiveRtp(SimulcastGroupTest.vp8(ssrc, rid, seq, seq * 3000L, key), 0, 40);
    }

    /** {@code in} packets entered: each stage passed what the one before passed, less its own drops. */
    private void assertAddsUp(long in) {
        long before = in;
        long drops = 0;
        for (Stage stage : MediaPipeline.rtpStages()) {
            long dropped = 0;
            for (StageDrop d : StageDrop.values()) {
                if (d.stage == stage) {
                    dropped += metrics.stageDropped(d);
                }
            }
            assertThat(metrics.stagePassed(stage) + dropped).as(stage.label()).isEqualTo(before);
            before = metrics.stagePassed(stage);
            drops += dropped;
        }
        assertThat(metrics.stagePassed(Stage.FAN_OUT) + drops).as("in = forwarded + dropped").isEqualTo(in);
    }
}
