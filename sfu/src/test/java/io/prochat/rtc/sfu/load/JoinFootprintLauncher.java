package io.prochat.rtc.sfu.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.room.Room;
import io.prochat.rtc.sfu.room.Rooms;
import io.prochat.rtc.sfu.room.SyntheticPeer;
import org.junit.jupiter.api.Test;

/**
 * What a listener's join costs: 2 publishers sending Opus-sized audio at 50 pkt/s each, then N listeners joining as
 * the page does (muted, no camera), {@code footprint.parallel} at a time. Prints the heap after a full GC per
 * listener (both sides, then the SFU's side alone), the class histogram's growth, threads, RSS, each join phase's
 * p50/p99 and the join → first media p50/p99 (from the join call to the first publisher packet at the listener).
 * Only when asked (a measurement for docs/benchmarks.md, so nothing is asserted):
 *
 * <pre>mvn -B -q -o -pl sfu test -Dtest=JoinFootprintLauncher [-Dfootprint.listeners=200] [-Dfootprint.parallel=1]</pre>
 *
 * The synthetic peers live in this JVM too (an ice4j agent, a DTLS endpoint and an SRTP session each). The SFU's
 * share is what is left once the listeners vanish (agent freed, no close_notify, so the SFU still holds them until
 * its consent timeout) and the test lets go of them.
 */
class JoinFootprintLauncher {
    static {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @Test
    void listenersJoin() throws Exception {
        int listeners = Integer.getInteger("footprint.listeners", 200);
        int parallel = Integer.getInteger("footprint.parallel", 1);
        ExecutorService dtlsThreads = Executors.newCachedThreadPool();
        ExecutorService joiners = Executors.newFixedThreadPool(parallel);
        DtlsCertificate cert = DtlsCertificate.generate();
        List<SyntheticPeer> publishers = new ArrayList<>();
        List<SyntheticPeer> peers = Collections.synchronizedList(new ArrayList<>());
        Map<SfuMetrics.JoinPhase, List<Long>> phases = new EnumMap<>(SfuMetrics.JoinPhase.class);
        for (SfuMetrics.JoinPhase ph : SfuMetrics.JoinPhase.values()) {
            phases.put(ph, Collections.synchronizedList(new ArrayList<>()));
        }
        List<Long> firstMedia = Collections.synchronizedList(new ArrayList<>());
        Thread pump = null;
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
                Rooms rooms = new Rooms(sfu, Rooms.Config.defaults().withMaxServerParticipants(listeners + 10)
                        .withMaxParticipants(listeners + 10), id -> { })) {
            sfu.metrics().onJoinPhase((ph, nanos) -> phases.get(ph).add(nanos));
            Room room = rooms.open("footprint");
            for (int i = 0; i < 2; i++) {
                SyntheticPeer p = new SyntheticPeer(cert, 1000L * (i + 1));
                publishers.add(p);
                p.join(room, "pub" + i, dtlsThreads, Duration.ofSeconds(30));
            }
            pump = new Thread(() -> pump(publishers), "footprint-pump");
            pump.setDaemon(true);
            pump.start();
            Thread.sleep(1000);
            long before = heapAfterGc();
            long rssBefore = rssKb();
            int threadsBefore = Thread.activeCount();
            Map<String, long[]> histBefore = histogram();
            long t0 = System.nanoTime();
            List<Future<?>> joins = new ArrayList<>();
            for (int i = 0; i < listeners; i++) {
                int n = i;
                joins.add(joiners.submit(() -> {
                    SyntheticPeer p = new SyntheticPeer(cert, 100_000L * (n + 1)).muted();
                    peers.add(p);
                    AtomicLong first = new AtomicLong();
                    long start = System.nanoTime();
                    p.tap((buf, len, now) -> {
                        if (first.compareAndSet(0, now)) {
                            firstMedia.add(now - start);
                        }
                    });
                    p.join(room, "l" + n, dtlsThreads, Duration.ofSeconds(60));
                    return null;
                }));
            }
            for (Future<?> f : joins) {
                f.get();
            }
            double joinSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(3000);
            long after = heapAfterGc();
            long rssAfter = rssKb();
            int threadsAfter = Thread.activeCount();
            Map<String, long[]> histAfter = histogram();
            System.out.printf("footprint: %d listeners (%d at a time) joined in %.1f s; %d of them received media;"
                    + " heap after GC %.1f MB -> %.1f MB: %.3f MB per listener (both sides); RSS %d -> %d MB"
                    + " (%.3f MB per listener, both sides); threads %d -> %d%n", listeners, parallel, joinSeconds,
                    firstMedia.size(), before / 1048576.0, after / 1048576.0,
                    (after - before) / 1048576.0 / listeners, rssBefore >> 10, rssAfter >> 10,
                    (rssAfter - rssBefore) / 1024.0 / listeners, threadsBefore, threadsAfter);
            for (SfuMetrics.JoinPhase ph : SfuMetrics.JoinPhase.values()) {
                System.out.println("footprint: phase " + ph.label() + ": " + percentiles(phases.get(ph)));
            }
            System.out.println("footprint: join -> first media: " + percentiles(firstMedia));
            System.out.println("footprint: class histogram growth, top 30 by bytes (both sides)");
            System.out.println(growth(histBefore, histAfter, 30));
            // the SFU's side alone: the listeners' own halves go, the SFU keeps its sessions until consent fails
            for (SyntheticPeer p : peers) {
                p.vanish();
            }
            peers.clear();
            Thread.sleep(1000);
            long sfuOnly = heapAfterGc();
            Map<String, long[]> histSfu = histogram();
            System.out.printf("footprint: the listeners' halves gone (%d participants still in the room): heap after"
                    + " GC %.1f MB: %.3f MB per listener on the SFU's side%n", room.size(), sfuOnly / 1048576.0,
                    (sfuOnly - before) / 1048576.0 / listeners);
            System.out.println("footprint: class histogram growth, top 40 by bytes (the SFU's side)");
            System.out.println(growth(histBefore, histSfu, 40));
            System.out.println("footprint: threads by name (the SFU's side): " + threadNames());
        } finally {
            if (pump != null) {
                pump.interrupt();
            }
            peers.forEach(SyntheticPeer::close);
            publishers.forEach(SyntheticPeer::close);
            joiners.shutdownNow();
            dtlsThreads.shutdownNow();
        }
    }

    /** Each publisher's microphone: a 160 B packet every 20 ms, as Opus sends. */
    private static void pump(List<SyntheticPeer> publishers) {
        int seq = 0;
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            for (SyntheticPeer p : publishers) {
                try {
                    p.sendRtp(p.micSsrc(), 111, false, seq & 0xFFFF, seq * 960L, 160);
                } catch (Exception e) {
                    return;
                }
            }
            seq++;
            next += 20_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> s;
        synchronized (nanos) {
            s = new ArrayList<>(nanos);
        }
        if (s.isEmpty()) {
            return "none";
        }
        Collections.sort(s);
        return String.format("%d, p50 %.1f ms, p99 %.1f ms, max %.1f ms", s.size(), at(s, 0.50), at(s, 0.99),
                s.get(s.size() - 1) / 1e6);
    }

    private static double at(List<Long> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    private static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Live threads, counted by name with the digits taken out. */
    private static String threadNames() {
        Map<String, Integer> n = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            n.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        return n.toString();
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** {@code jcmd <pid> GC.class_histogram}: class name → {instances, bytes}. */
    private static Map<String, long[]> histogram() throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        Map<String, long[]> h = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    h.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
        }
        p.waitFor();
        return h;
    }

    private static String growth(Map<String, long[]> before, Map<String, long[]> after, int top) {
        List<Map.Entry<String, long[]>> d = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            d.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
        }
        d.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        StringBuilder s = new StringBuilder(String.format("%12s %12s  %s%n", "+instances", "+bytes", "class"));
        long total = 0;
        for (Map.Entry<String, long[]> e : d) {
            total += e.getValue()[1];
        }
        for (Map.Entry<String, long[]> e : d.subList(0, Math.min(top, d.size()))) {
            s.append(String.format("%12d %12d  %s%n", e.getValue()[0], e.getValue()[1], e.getKey()));
        }
        return s.append(String.format("%12s %12d  (all classes)%n", "", total)).toString();
    }
}
