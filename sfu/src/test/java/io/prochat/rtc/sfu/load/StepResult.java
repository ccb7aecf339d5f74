package io.prochat.rtc.sfu.load;

import java.util.Locale;

/**
 * One load step's measurements over its window.
 *
 * @param publishedPps RTP packets the synthetic peers sent per second (what the SFU had to take in)
 * @param forwardedPps RTP packets the SFU sent per second
 * @param lossPercent packets missing at the receivers, of those expected (sequence span per stream)
 * @param sfuReceiveCores the SFU's UDP receive thread, which does all forwarding: 1.0 is its ceiling
 * @param sfuBytesPerForward bytes the SFU's threads allocated per forwarded packet
 * @param sfuDrops datagrams the SFU dropped (SfuMetrics, all reasons)
 * @param kernelUdpDrops datagrams the kernel dropped for full socket buffers, host-wide ({@link KernelUdpCounters})
 */
record StepResult(int rooms, int participants, double publishedPps, double forwardedPps, double lossPercent,
        double p50Millis, double p99Millis, double processCores, double sfuReceiveCores, double sfuOtherCores,
        double generatorCores, double sfuBytesPerForward, long gcCount, long gcMillis, long heapUsedMb,
        long sfuDrops, long kernelUdpDrops) {

    static final String HEADER = "| rooms × people | published pkt/s | forwarded pkt/s | receiver loss | latency p50 / p99"
            + " | process CPU (cores) | SFU receive thread | SFU other | generator | SFU B/forward | GC (n, ms) | heap | kernel UDP drops |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    String row() {
        return String.format(Locale.ROOT, "| %d × %d | %.0f | %.0f | %.2f %% | %.2f / %.2f ms | %.2f | %.0f %% | %.2f | %.2f"
                + " | %.0f | %d, %d | %d MB | %d |", rooms, participants, publishedPps, forwardedPps, lossPercent, p50Millis,
                p99Millis, processCores, sfuReceiveCores * 100, sfuOtherCores, generatorCores, sfuBytesPerForward, gcCount,
                gcMillis, heapUsedMb, kernelUdpDrops);
    }
}
