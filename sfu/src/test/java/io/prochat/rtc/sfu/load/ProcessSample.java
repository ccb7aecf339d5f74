package io.prochat.rtc.sfu.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and allocation of every live thread, plus the process's CPU time and GC counters, at one instant; two
 * samples give a window (threads that started or ended inside it are left out of the per-group figures). Threads are
 * told apart by name: ice4j's receive thread for the SFU's shared UDP port, which decrypts, forwards and encrypts
 * every packet inline, the SFU's other threads ("sfu-…"), and the load generator's ("synthetic-peer…", "load-…",
 * and the ice4j socket readers that only the peers' agents start).
 * ice4j's timer pools serve both sides and GC and JIT threads are not Java threads: they show only in the process
 * total.
 */
record ProcessSample(long nanos, long processCpuNanos, Map<Long, ThreadUse> threads, long gcCount, long gcMillis) {
    static final String SFU_RECEIVE = "sfu-udp-receive";
    static final String SFU_OTHER = "sfu-other";
    static final String GENERATOR = "generator";
    static final String OTHER = "other";

    record ThreadUse(String name, long cpuNanos, long allocatedBytes) {
    }

    static ProcessSample take() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, ThreadUse> threads = new HashMap<>();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null) {
                threads.put(t.getThreadId(), new ThreadUse(t.getThreadName(), mx.getThreadCpuTime(t.getThreadId()),
                        mx.getThreadAllocatedBytes(t.getThreadId())));
            }
        }
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new ProcessSample(System.nanoTime(), os.getProcessCpuTime(), threads, gcCount, gcMillis);
    }

    static String group(String thread) {
        if (thread.startsWith("ice-udp ")) {
            return SFU_RECEIVE; // only the SFU uses the single-port harvester; the peers have sockets of their own
        }
        if (thread.startsWith("sfu-")) {
            return SFU_OTHER;
        }
        if (thread.startsWith("synthetic-peer") || thread.startsWith("load-")
                || thread.startsWith("MergingDatagramSocket") || thread.startsWith("IceConnector")) {
            // the peers' own ice4j sockets: a reader per component and per candidate socket (the SFU pushes instead)
            return GENERATOR;
        }
        return OTHER;
    }

    /** Per group: {cpu nanos, allocated bytes} used between {@code this} and {@code later}. */
    Map<String, long[]> usedUntil(ProcessSample later) {
        Map<String, long[]> out = new TreeMap<>();
        for (Map.Entry<Long, ThreadUse> e : later.threads.entrySet()) {
            ThreadUse before = threads.get(e.getKey());
            if (before == null || !before.name.equals(e.getValue().name)) {
                continue;
            }
            long[] u = out.computeIfAbsent(group(before.name), k -> new long[2]);
            u[0] += Math.max(0, e.getValue().cpuNanos - before.cpuNanos);
            u[1] += Math.max(0, e.getValue().allocatedBytes - before.allocatedBytes);
        }
        return out;
    }

    /** The busiest threads of the window by name (digits folded), for telling where the time went. */
    Map<String, Long> cpuByThreadName(ProcessSample later) {
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<Long, ThreadUse> e : later.threads.entrySet()) {
            ThreadUse before = threads.get(e.getKey());
            if (before != null) {
                out.merge(before.name.replaceAll("[0-9]+", "#"), e.getValue().cpuNanos - before.cpuNanos, Long::sum);
            }
        }
        return out;
    }
}
