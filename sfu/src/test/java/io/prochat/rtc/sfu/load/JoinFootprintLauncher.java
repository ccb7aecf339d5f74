package io.prochat.rtc.sfu.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.room.Room;
import io.prochat.rtc.sfu.room.Rooms;
import io.prochat.rtc.sfu.room.SyntheticPeer;
import org.junit.jupiter.api.Test;

/**
 * What a listener's join costs: 2 publishers, then N listeners joining as the page does (muted, no camera), with the
 * heap after a full GC and the top of the class histogram before and after, and the join phases' mean. Only when
 * asked (a measurement for docs/benchmarks.md, so nothing is asserted):
 *
 * <pre>mvn -B -q -o -pl sfu test -Dtest=JoinFootprintLauncher [-Dfootprint.listeners=200]</pre>
 *
 * The synthetic peers live in this JVM too (an ice4j agent, a DTLS endpoint and an SRTP session each): the heap
 * and histogram hold both sides; the classes show which side is which.
 */
class JoinFootprintLauncher {
    static {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @Test
    void listenersJoin() throws Exception {
        int listeners = Integer.getInteger("footprint.listeners", 200);
        ExecutorService dtlsThreads = Executors.newCachedThreadPool();
        DtlsCertificate cert = DtlsCertificate.generate();
        List<SyntheticPeer> peers = new ArrayList<>();
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
                Rooms rooms = new Rooms(sfu, Rooms.Config.defaults().withMaxServerParticipants(listeners + 10)
                        .withMaxParticipants(listeners + 10), id -> { })) {
            Room room = rooms.open("footprint");
            for (int i = 0; i < 2; i++) {
                SyntheticPeer p = new SyntheticPeer(cert, 1000L * (i + 1));
                peers.add(p);
                p.join(room, "pub" + i, dtlsThreads, Duration.ofSeconds(30));
            }
            long before = heapAfterGc();
            String histBefore = histogram();
            long t0 = System.nanoTime();
            for (int i = 0; i < listeners; i++) {
                SyntheticPeer p = new SyntheticPeer(cert, 100_000L * (i + 1)).muted();
                peers.add(p);
                p.join(room, "l" + i, dtlsThreads, Duration.ofSeconds(30));
            }
            double joinSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(3000);
            long after = heapAfterGc();
            String histAfter = histogram();
            System.out.printf("footprint: %d listeners joined in %.1f s; heap after GC %d MB -> %d MB: %.3f MB per"
                    + " listener (both sides)%n", listeners, joinSeconds, before >> 20, after >> 20,
                    (after - before) / 1048576.0 / listeners);
            for (SfuMetrics.JoinPhase ph : SfuMetrics.JoinPhase.values()) {
                long n = sfu.metrics().joinPhases(ph);
                System.out.printf("footprint: phase %s: %d joins, mean %.1f ms%n", ph.label(), n,
                        n == 0 ? 0 : sfu.metrics().joinPhaseNanos(ph) / 1e6 / n);
            }
            System.out.println("footprint: histogram before\n" + histBefore);
            System.out.println("footprint: histogram after\n" + histAfter);
        } finally {
            peers.forEach(SyntheticPeer::close);
            dtlsThreads.shutdownNow();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The top 25 of {@code jcmd <pid> GC.class_histogram}. */
    private static String histogram() throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        StringBuilder b = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < 30) {
                b.append(line).append('\n');
            }
        }
        p.destroy();
        return b.toString();
    }
}
