/**
 * RTP packets as allocation-free views over the receive buffer: {@link io.prochat.rtc.sfu.rtp.RtpPacketView}
 * (header fields, in-place rewriting, header-extension look-up) and readers/writers for the
 * extension values WebRTC negotiates.
 *
 * <p>Specifications: RFC 3550 §5.1 (header), RFC 3551 (payload types), RFC 8285 (one-byte and
 * two-byte header extensions, obsoleting RFC 5285), RFC 6464 (audio level), RFC 8852 and RFC 9143
 * (rid and mid SDES extensions), draft-holmer-rmcat-transport-wide-cc-extensions-01 (transport-wide
 * sequence number), the WebRTC abs-send-time extension.
 */
package io.prochat.rtc.sfu.rtp;
