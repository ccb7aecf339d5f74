/**
 * RTCP as allocation-free views and writers over caller buffers.
 * {@link io.prochat.rtc.sfu.rtcp.RtcpCompoundReader} walks a compound datagram with bounds checks;
 * the typed readers ({@code SenderReport}, {@code ReceiverReport}, {@code Sdes}, {@code Bye},
 * {@code Pli}, {@code Fir}, {@code Nack}, {@code Remb}, {@code TransportCc}) are reusable
 * {@link io.prochat.rtc.sfu.rtcp.RtcpPacketView}s with a boolean {@code wrap}; the static
 * {@code write} methods fill a caller buffer and return the bytes written, so a compound is built by
 * writing packets one after another.
 *
 * <p>Specifications: RFC 3550 §6 (SR, RR, SDES, BYE, compound packets), RFC 4585 (feedback
 * framework, generic NACK, PLI), RFC 5104 (FIR), RFC 5506 (reduced-size RTCP), RFC 5761 (rtcp-mux),
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 (transport-cc), draft-alvestrand-rmcat-remb (REMB),
 * RFC 8852 and RFC 9143 (SDES RtpStreamId and MID items).
 */
package io.prochat.rtc.sfu.rtcp;
