/**
 * A sans-IO subset of SCTP (RFC 9260) as WebRTC data channels use it over DTLS (RFC 8261, RFC 8831): one association
 * per DTLS transport, port 5000, no multi-homing. Association setup as either side with an HMAC-signed state cookie,
 * DATA fragmentation and reassembly (ordered and unordered), SACK with gap blocks, T3-rtx retransmission with the
 * RFC 9260 §6.3 RTO and fast retransmit, congestion window (§7.2), HEARTBEAT answers, SHUTDOWN and ABORT, stream reset
 * (RFC 6525 outgoing SSN reset) and partial reliability (RFC 3758 FORWARD-TSN).
 *
 * <p>No I/O and no threads: {@link io.prochat.rtc.sfu.sctp.SctpAssociation} takes packets and the time, and hands
 * packets to an output callback; the caller drives its timer from {@code nextTimeoutNanos()}. Everything a peer can
 * make us hold is bounded; malformed input is dropped and counted in {@link io.prochat.rtc.sfu.sctp.SctpCounters}.
 */
package io.prochat.rtc.sfu.sctp;
