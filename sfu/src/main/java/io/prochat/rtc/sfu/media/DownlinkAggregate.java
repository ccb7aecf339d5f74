package io.prochat.rtc.sfu.media;

import java.util.Arrays;

/**
 * The bandwidth estimate the SFU sends a publisher in its REMB, made of what its receivers can take (each receiver's
 * REMB divided among the video it receives). Taking the plain minimum lets one receiver on a bad link, or one that
 * lies, drive the publisher's encoder down for the whole room (issue 11, item 3). Instead:
 * <ul>
 *   <li>receivers below a quarter of the median share are outliers and do not count: they get the low simulcast
 *       layer, or lose packets, rather than taking everyone down with them;</li>
 *   <li>the minimum of the others is the estimate, but never below {@link #FLOOR_BPS}.</li>
 * </ul>
 * With two receivers the median is the higher share, so the weaker one counts unless it is under a quarter of the
 * other. A publisher whose video is all simulcast is told the highest share instead ({@link #ofSimulcast}): each
 * receiver gets the layer its own share fits, so a weak one only costs itself the high layer.
 * Runs on the room's control thread, once a second per publisher; it may allocate.
 */
public final class DownlinkAggregate {
    /** Below this no estimate is sent lower: a camera at 150 kbit/s is still a picture. */
    public static final long FLOOR_BPS = 150_000;
    /** A share under the median divided by this is an outlier. */
    static final long OUTLIER_DIVISOR = 4;

    private DownlinkAggregate() {
    }

    /**
     * The estimate for a publisher from its receivers' shares in bit/s ({@code shares[0, n)}; entries of 0 or less
     * are receivers without an estimate and are skipped); 0 when no receiver has one.
     */
    public static long of(long[] shares, int n) {
        long[] known = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (shares[i] > 0) {
                known[k++] = shares[i];
            }
        }
        if (k == 0) {
            return 0;
        }
        Arrays.sort(known, 0, k);
        long median = known[k / 2];
        long threshold = median / OUTLIER_DIVISOR;
        long min = 0;
        for (int i = 0; i < k; i++) {
            if (known[i] >= threshold) {
                min = known[i]; // sorted: the first one at or above the threshold is the smallest that counts
                break;
            }
        }
        return Math.max(min, FLOOR_BPS);
    }

    /**
     * The estimate for a publisher whose every video is simulcast: the highest share, never below {@link #FLOOR_BPS};
     * 0 when no receiver has one. The minimum (even without outliers) would let one receiver on a path too narrow for
     * the high layer switch it off at the publisher for everyone; the layer choice already keeps that receiver on the
     * low layer, and the publisher's own send-side estimate still bounds what it sends.
     */
    public static long ofSimulcast(long[] shares, int n) {
        long max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, shares[i]);
        }
        return max <= 0 ? 0 : Math.max(max, FLOOR_BPS);
    }
}
