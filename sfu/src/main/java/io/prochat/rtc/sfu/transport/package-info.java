/**
 * Demultiplexing of the single media port: {@link io.prochat.rtc.sfu.transport.PacketKind#classify}
 * tells STUN, DTLS, RTP and RTCP apart without allocating.
 *
 * <p>Specifications: RFC 7983 (multiplexing scheme for DTLS-SRTP with STUN, TURN and ZRTP),
 * RFC 5761 §4 (RTP and RTCP on one port), RFC 5764 §5.1.2 (the original DTLS-SRTP demux).
 */
package io.prochat.rtc.sfu.transport;
