package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.rtcp.Fir;
import io.prochat.rtc.sfu.rtcp.Nack;
import io.prochat.rtc.sfu.rtcp.Remb;
import io.prochat.rtc.sfu.rtcp.RtcpCompoundReader;
import io.prochat.rtc.sfu.rtcp.SenderReport;
import io.prochat.rtc.sfu.rtcp.TransportCc;

/** Reusable RTCP readers, one set per packet thread, so parsing a compound allocates nothing. */
final class RtcpReaders {
    private static final ThreadLocal<RtcpReaders> READERS = ThreadLocal.withInitial(RtcpReaders::new);

    final RtcpCompoundReader compound = new RtcpCompoundReader();
    final SenderReport sr = new SenderReport();
    final Fir fir = new Fir();
    final Remb remb = new Remb();
    final Nack nack = new Nack();
    final TransportCc transportCc = new TransportCc();
    /** A NACK names at most 17 sequence numbers per entry; 64 entries are more than an MTU holds. */
    final int[] lost = new int[17 * 64];

    static RtcpReaders get() {
        return READERS.get();
    }
}
