package io.prochat.rtc.sfu.load;

/**
 * One-way delays in 50 µs buckets up to 200 ms (anything later counts in the last bucket): percentiles without
 * keeping every sample. Written by one reader thread, read after the run.
 */
final class LatencyHistogram {
    static final long BUCKET_NANOS = 50_000;
    private final long[] counts = new long[4001];
    private long total;

    void record(long nanos) {
        int i = (int) Math.min(counts.length - 1, Math.max(0, nanos / BUCKET_NANOS));
        counts[i]++;
        total++;
    }

    void addTo(LatencyHistogram sum) {
        for (int i = 0; i < counts.length; i++) {
            sum.counts[i] += counts[i];
        }
        sum.total += total;
    }

    long count() {
        return total;
    }

    /** The upper edge of the bucket holding the {@code q} quantile, in milliseconds; NaN when empty. */
    double quantileMillis(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return counts.length * BUCKET_NANOS / 1e6;
    }
}
