package io.prochat.rtc.sfu.load;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.room.Room;
import io.prochat.rtc.sfu.room.Rooms;
import io.prochat.rtc.sfu.room.SyntheticPeer;

/**
 * One step of the load: a fresh SFU on loopback with {@code rooms} rooms of {@code participants} synthetic peers
 * each (real ICE, DTLS and SRTP), every peer publishing audio and camera video through {@link MediaPump} and
 * receiving everyone else's. After a warm-up (joins renegotiate everyone; the JIT settles) it measures one window.
 */
final class LoadStep {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final int rooms;
    private final int participants;
    private final Duration warmUp;
    private final Duration window;

    LoadStep(int rooms, int participants, Duration warmUp, Duration window) {
        this.rooms = rooms;
        this.participants = participants;
        this.warmUp = warmUp;
        this.window = window;
    }

    StepResult run() throws Exception {
        AtomicInteger n = new AtomicInteger();
        ExecutorService dtlsThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "load-dtls-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        DtlsCertificate cert = DtlsCertificate.generate();
        MediaClock clock = new MediaClock();
        List<SyntheticPeer> peers = new ArrayList<>();
        List<ReceiveLedger> ledgers = new ArrayList<>();
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
                Rooms all = new Rooms(sfu, Rooms.Config.defaults().withMaxParticipants(participants), id -> { })) {
            for (int r = 0; r < rooms; r++) {
                Room room = all.open("load-" + r);
                for (int p = 0; p < participants; p++) {
                    SyntheticPeer peer = new SyntheticPeer(cert, 10_000L * (peers.size() + 1));
                    ReceiveLedger ledger = new ReceiveLedger(clock);
                    peer.tap(ledger);
                    peers.add(peer);
                    ledgers.add(ledger);
                    peer.join(room, "u" + r + "-" + p, dtlsThreads, JOIN_TIMEOUT);
                }
            }
            try (MediaPump pump = new MediaPump(peers, clock)) {
                Thread.sleep(warmUp.toMillis());
                if (all.participantCount() != rooms * participants) {
                    throw new IllegalStateException("only " + all.participantCount() + " of " + rooms * participants
                            + " participants are in their rooms after the warm-up");
                }
                return measure(sfu.metrics(), pump, ledgers);
            }
        } finally {
            for (SyntheticPeer p : peers) {
                p.close();
            }
            dtlsThreads.shutdownNow();
        }
    }

    private StepResult measure(SfuMetrics metrics, MediaPump pump, List<ReceiveLedger> ledgers) throws Exception {
        ledgers.forEach(ReceiveLedger::start);
        long out0 = metrics.rtpPacketsOut();
        long sent0 = pump.sent();
        long drops0 = drops(metrics);
        long kernel0 = KernelUdpCounters.receiveBufferErrors();
        ProcessSample s0 = ProcessSample.take();
        Thread.sleep(window.toMillis());
        ProcessSample s1 = ProcessSample.take();
        long out1 = metrics.rtpPacketsOut();
        long sent1 = pump.sent();
        ledgers.forEach(ReceiveLedger::stop);
        long kernel1 = KernelUdpCounters.receiveBufferErrors();
        double seconds = (s1.nanos() - s0.nanos()) / 1e9;

        long received = 0;
        long expected = 0;
        LatencyHistogram latency = new LatencyHistogram();
        for (ReceiveLedger l : ledgers) {
            received += l.received();
            expected += l.expected();
            l.addLatencyTo(latency);
        }
        Map<String, long[]> used = s0.usedUntil(s1);
        long forwarded = out1 - out0;
        long sfuAlloc = get(used, ProcessSample.SFU_RECEIVE)[1] + get(used, ProcessSample.SFU_OTHER)[1];
        System.out.printf("load %d x %d: busiest threads (ms of CPU in %.0f s): %s%n", rooms, participants, seconds,
                busiest(s0.cpuByThreadName(s1)));
        return new StepResult(rooms, participants, (sent1 - sent0) / seconds, forwarded / seconds,
                expected == 0 ? 0 : 100.0 * (expected - received) / expected,
                latency.quantileMillis(0.5), latency.quantileMillis(0.99),
                (s1.processCpuNanos() - s0.processCpuNanos()) / (seconds * 1e9),
                get(used, ProcessSample.SFU_RECEIVE)[0] / (seconds * 1e9),
                get(used, ProcessSample.SFU_OTHER)[0] / (seconds * 1e9),
                get(used, ProcessSample.GENERATOR)[0] / (seconds * 1e9),
                forwarded == 0 ? 0 : (double) sfuAlloc / forwarded, s1.gcCount() - s0.gcCount(),
                s1.gcMillis() - s0.gcMillis(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
                drops(metrics) - drops0, kernel0 < 0 ? -1 : kernel1 - kernel0);
    }

    private static long[] get(Map<String, long[]> used, String group) {
        return used.getOrDefault(group, new long[2]);
    }

    private static long drops(SfuMetrics m) {
        long d = 0;
        for (SfuMetrics.Drop reason : SfuMetrics.Drop.values()) {
            d += m.drops(reason);
        }
        return d;
    }

    private static String busiest(Map<String, Long> byName) {
        return byName.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                .map(e -> e.getKey() + "=" + e.getValue() / 1_000_000).toList().toString();
    }
}
