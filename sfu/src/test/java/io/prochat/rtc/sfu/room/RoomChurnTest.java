package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.ice.IceConfig;
import org.junit.jupiter.api.Test;

/**
 * 200 join/leave cycles of synthetic peers (ICE, DTLS, SRTP from our own classes) into a room where two others
 * stay: every cycle connects, sends audio that the others receive and receives theirs, renegotiates both, and
 * leaves. A peer that vanishes without leaving is removed when its consent lapses. Afterwards the
 * SFU's sessions, the JVM's threads and the process's open file descriptors are back at their baseline.
 */
class RoomChurnTest {
    private static final Duration STEP = Duration.ofSeconds(10);
    /**
     * Teardown is asynchronous and pools are elastic: cached pools (DTLS here and in the SFU, ice4j's executors) keep
     * idle threads for a minute. One cycle costs the SFU one agent, DTLS thread and SRTP session, and the peer about
     * five threads and six sockets, so a leak would leave hundreds after 200 cycles; the slack tells the two apart
     * without waiting a minute.
     */
    private static final int THREAD_SLACK = 8;
    private static final int FD_SLACK = 12;

    static {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @Test
    void twoHundredJoinLeaveCyclesReturnSessionsThreadsAndSocketsToBaseline() throws Exception {
        List<String> emptied = new CopyOnWriteArrayList<>();
        ExecutorService dtlsThreads = Executors.newCachedThreadPool();
        DtlsCertificate cert = DtlsCertificate.generate();
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
                Rooms rooms = new Rooms(sfu, Rooms.Config.defaults(), emptied::add)) {
            Room room = rooms.open("churn");
            SyntheticPeer ann = new SyntheticPeer(cert, 1000);
            SyntheticPeer bob = new SyntheticPeer(cert, 2000);
            ann.join(room, "ann", dtlsThreads, STEP);
            bob.join(room, "bob", dtlsThreads, STEP);
            ann.keepSending();
            bob.keepSending();
            for (int i = 0; i < 5; i++) { // warm-up: pools and lazily started threads reach their steady size
                cycle(room, cert, dtlsThreads, 10_000 + i * 10, ann);
            }
            settle(sfu, room);
            int threads = Thread.activeCount();
            long fds = openFiles();
            int transports = sfu.transportCount();
            long heap = usedHeapAfterGc();
            for (int i = 0; i < 200; i++) {
                cycle(room, cert, dtlsThreads, 100_000 + i * 10L, ann);
            }
            settle(sfu, room);
            // closing is asynchronous (ice4j frees agents on its threads); idle pool threads may linger a moment
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((Thread.activeCount() > threads + THREAD_SLACK || openFiles() > fds + FD_SLACK)
                    && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            System.out.printf("churn: threads %d -> %d, fds %d -> %d, transports %d -> %d, heap %d -> %d MB%n",
                    threads, Thread.activeCount(), fds, openFiles(), transports, sfu.transportCount(),
                    heap >> 20, usedHeapAfterGc() >> 20);
            if (Thread.activeCount() > threads + THREAD_SLACK || openFiles() > fds + FD_SLACK) {
                diagnose();
            }
            assertThat(room.size()).isEqualTo(2);
            assertThat(sfu.transportCount()).isEqualTo(transports).isEqualTo(2);
            assertThat(room.streams()).hasSize(8); // ann's and bob's four each, nobody else's
            assertThat(Thread.activeCount()).as("threads").isLessThanOrEqualTo(threads + THREAD_SLACK);
            assertThat(openFiles()).as("open files and sockets").isLessThanOrEqualTo(fds + FD_SLACK);
            assertThat(usedHeapAfterGc()).isLessThan(heap + (32L << 20));
            assertThat(emptied).isEmpty();
            ann.close();
            bob.close();
        } finally {
            dtlsThreads.shutdownNow();
        }
    }

    @Test
    void aPeerThatVanishesWithoutLeavingIsRemovedWhenConsentLapsesAndTheOthersAreRenegotiated() throws Exception {
        ExecutorService dtlsThreads = Executors.newCachedThreadPool();
        DtlsCertificate cert = DtlsCertificate.generate();
        Duration consent = Duration.ofSeconds(3); // the gateway uses 30 s (RFC 7675)
        try (Sfu sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback().withPeerTimeout(consent)));
                Rooms rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { })) {
            Room room = rooms.open("vanish");
            SyntheticPeer ann = new SyntheticPeer(cert, 1000);
            SyntheticPeer ghost = new SyntheticPeer(cert, 2000);
            ann.join(room, "ann", dtlsThreads, STEP);
            ghost.join(room, "ghost", dtlsThreads, STEP);
            ann.keepSending();
            ghost.keepSending();
            assertThat(room.size()).isEqualTo(2);
            Signal.Offer withGhost = ann.offers.poll(5, TimeUnit.SECONDS);
            assertThat(withGhost.tracks()).hasSize(2);
            ann.offers.clear();
            long vanished = System.nanoTime();
            ghost.vanish(); // no leave, no DTLS close_notify: ICE just goes silent
            Signal.Offer without = ann.offers.poll(consent.toSeconds() + 5, TimeUnit.SECONDS);
            assertThat(without).as("a renegotiation without the ghost").isNotNull();
            assertThat(without.tracks()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - vanished)).isGreaterThanOrEqualTo(consent.minusMillis(500));
            assertThat(room.size()).isEqualTo(1);
            assertThat(sfu.transportCount()).isEqualTo(1);
            ann.close();
            ghost.close();
        } finally {
            dtlsThreads.shutdownNow();
        }
    }

    private static void cycle(Room room, DtlsCertificate cert, ExecutorService dtls, long base, SyntheticPeer ann)
            throws Exception {
        SyntheticPeer p = new SyntheticPeer(cert, base);
        try {
            p.join(room, "u" + base, dtls, STEP);
            long end = System.nanoTime() + STEP.toNanos();
            while ((ann.rtpFrom(p.micSsrc()) == 0 || p.rtpFrom(ann.micSsrc()) == 0) && System.nanoTime() < end) {
                p.sendAudio(1);
                Thread.sleep(10);
            }
            assertThat(ann.rtpFrom(p.micSsrc())).as("the newcomer's audio reached ann; streams "
                    + java.util.Arrays.stream(room.streams()).map(x -> x + ":" + x.receiverCount() + "/"
                    + x.stats().received() + "/" + x.forwardedPackets()).toList()).isPositive();
            assertThat(p.rtpFrom(ann.micSsrc())).as("ann's audio reached the newcomer").isPositive();
            p.leave();
            p.closed.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            p.close();
        }
    }

    private static void settle(Sfu sfu, Room room) throws InterruptedException {
        long end = System.nanoTime() + STEP.toNanos();
        while ((sfu.transportCount() != 2 || room.size() != 2) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        Thread.sleep(1500); // closing agents and DTLS threads wind down
    }

    static void diagnose() throws Exception {
        java.util.Map<String, String> inodes = new java.util.HashMap<>();
        for (String f : List.of("/proc/net/udp", "/proc/net/udp6", "/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(f))) {
                String[] c = line.trim().split("\\s+");
                if (c.length > 9) {
                    inodes.put(c[9], f + " " + c[1] + " " + c[2] + " st=" + c[3]);
                }
            }
        }
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (File f : new File("/proc/self/fd").listFiles()) {
            try {
                String t = java.nio.file.Files.readSymbolicLink(f.toPath()).toString();
                String k = t.startsWith("socket:[") ? String.valueOf(inodes.get(t.substring(8, t.length() - 1))) : t;
                kinds.merge(k.replaceAll(":[0-9A-F]{4} ", ":port "), 1, Integer::sum);
            } catch (java.io.IOException e) {
                // closed meanwhile
            }
        }
        System.out.println("churn fds: " + kinds);
        java.util.Map<String, Integer> names = new java.util.TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum));
        System.out.println("churn threads: " + names);
    }

    private static long openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
