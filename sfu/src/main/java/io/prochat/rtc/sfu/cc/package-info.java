/**
 * Send-side congestion control toward each receiver, as GCC does it (draft-ietf-rmcat-gcc-02): every RTP packet a
 * receiver's transport sends carries the SFU's own transport-wide sequence number
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01), the receiver's browser reports when each arrived
 * (transport-cc feedback), and from that the SFU estimates what the receiver's downlink takes:
 * <ul>
 *   <li>{@link io.prochat.rtc.sfu.cc.TransportCcSender}: stamps the numbers, keeps a {@link io.prochat.rtc.sfu.cc.SendHistory},
 *       reads the feedback;</li>
 *   <li>{@link io.prochat.rtc.sfu.cc.DelayBasedEstimator}: is the one-way delay growing (trendline, adaptive threshold);</li>
 *   <li>{@link io.prochat.rtc.sfu.cc.RateController}: AIMD on that signal and the acknowledged rate;</li>
 *   <li>{@link io.prochat.rtc.sfu.cc.LossBasedEstimator}: backs off when more than 10 % is lost;</li>
 *   <li>{@link io.prochat.rtc.sfu.cc.BandwidthEstimator}: the three together, one estimate per receiver;</li>
 *   <li>{@link io.prochat.rtc.sfu.cc.SendBudget}: a token bucket at a multiple of the estimate that drops video
 *       beyond it, so what a receiver is sent does not burst far above what it takes.</li>
 * </ul>
 * The estimate picks the receiver's simulcast layer ({@code media.SimulcastGroup}) and, aggregated, the REMB the SFU
 * sends publishers. Receivers that did not negotiate transport-cc keep being served by their own REMB.
 */
package io.prochat.rtc.sfu.cc;
