package io.prochat.rtc.sfu.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) on a hand-built packet. */
class TransportCcTest {
    private final TransportCc tcc = new TransportCc();

    @Test
    void readsHeaderFields() {
        assertThat(tcc.wrap(RtcpSamples.TRANSPORT_CC, 0, RtcpSamples.TRANSPORT_CC.length)).isTrue();
        assertThat(tcc.senderSsrc()).isEqualTo(0x11223344L);
        assertThat(tcc.mediaSsrc()).isEqualTo(0x55667788L);
        assertThat(tcc.baseSequence()).isEqualTo(100);
        assertThat(tcc.statusCount()).isEqualTo(20);
        assertThat(tcc.referenceTime()).isEqualTo(16);
        assertThat(tcc.feedbackCount()).isEqualTo(3);
        assertThat(tcc.length()).isEqualTo(36);
    }

    @Test
    void decodesRunLengthAndBothVectorKinds() {
        assertThat(tcc.wrap(RtcpSamples.TRANSPORT_CC, 0, RtcpSamples.TRANSPORT_CC.length)).isTrue();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < tcc.statusCount(); i++) {
            statuses.add(tcc.status(i));
        }
        assertThat(statuses).containsExactly(1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 1);
        assertThat(tcc.sequenceNumber(19)).isEqualTo(119);
    }

    @Test
    void decodesSmallAndLargeDeltasIntoArrivalTimes() {
        assertThat(tcc.wrap(RtcpSamples.TRANSPORT_CC, 0, RtcpSamples.TRANSPORT_CC.length)).isTrue();
        assertThat(tcc.deltaMicros(0)).isEqualTo(1_000);
        assertThat(tcc.deltaMicros(2)).isEqualTo(63_750);
        assertThat(tcc.deltaMicros(4)).isZero();
        assertThat(tcc.deltaMicros(17)).isEqualTo(-1_000);

        long[] arrival = new long[20];
        tcc.arrivalTimesMicros(arrival);
        assertThat(arrival[0]).isEqualTo(1_025_000);
        assertThat(arrival[2]).isEqualTo(1_088_750);
        assertThat(arrival[6]).isEqualTo(1_091_500);
        assertThat(arrival[16]).isEqualTo(1_101_500);
        assertThat(arrival[17]).isEqualTo(1_100_500);
        assertThat(arrival[19]).isEqualTo(1_125_500);
        assertThat(arrival[4]).isZero();
    }

    @Test
    void negativeReferenceTimeIsSignExtended() {
        byte[] buf = RtcpSamples.TRANSPORT_CC.clone();
        buf[16] = (byte) 0xFF;
        buf[17] = (byte) 0xFF;
        buf[18] = (byte) 0xFE;
        assertThat(tcc.wrap(buf, 0, buf.length)).isTrue();
        assertThat(tcc.referenceTime()).isEqualTo(-2);
    }

    @Test
    void refusesReservedSymbolsAndMissingDeltas() {
        byte[] reservedRun = RtcpSamples.TRANSPORT_CC.clone();
        reservedRun[20] = 0x60; // run-length chunk with symbol 11
        assertThat(tcc.wrap(reservedRun, 0, reservedRun.length)).isFalse();

        byte[] reservedVector = RtcpSamples.TRANSPORT_CC.clone();
        reservedVector[24] = (byte) 0xF1; // two-bit vector starting with 11
        assertThat(tcc.wrap(reservedVector, 0, reservedVector.length)).isFalse();

        byte[] moreStatuses = RtcpSamples.TRANSPORT_CC.clone();
        moreStatuses[15] = 40; // chunks describe 20 + 4 unused symbols only
        assertThat(tcc.wrap(moreStatuses, 0, moreStatuses.length)).isFalse();

        byte[] moreReceived = RtcpSamples.TRANSPORT_CC.clone();
        moreReceived[21] = 0x14; // run of 20 small deltas: more deltas than bytes
        assertThat(tcc.wrap(moreReceived, 0, moreReceived.length)).isFalse();
    }

    @Test
    void reusedViewHandlesALargerPacketAfterASmallerOne() {
        byte[] big = RtcpSamples.TRANSPORT_CC.clone();
        big[20] = 0x1F; // run-length "not received" x 8191 ...
        big[21] = (byte) 0xFF;
        big[14] = 0x1F; // ... and status count 8191 + the rest is ignored
        big[15] = (byte) 0xFF;
        assertThat(tcc.wrap(RtcpSamples.TRANSPORT_CC, 0, RtcpSamples.TRANSPORT_CC.length)).isTrue();
        assertThat(tcc.wrap(big, 0, big.length)).isTrue();
        assertThat(tcc.statusCount()).isEqualTo(8191);
        assertThat(tcc.isReceived(8190)).isFalse();
    }
}
