/**
 * SDP as WebRTC browsers write it: a typed, immutable model that parses and writes back
 * byte-for-byte.
 *
 * <p>Entry points: {@link io.prochat.rtc.sfu.sdp.SessionDescription#parse(String)},
 * {@link io.prochat.rtc.sfu.sdp.SessionDescription#builder()} and
 * {@link io.prochat.rtc.sfu.sdp.MediaDescription#builder(String, int, String)}; typed attributes
 * implement {@link io.prochat.rtc.sfu.sdp.SdpAttribute}. Malformed input gives
 * {@link io.prochat.rtc.sfu.sdp.SdpParseException} naming the line, never another exception.
 *
 * <p>Specifications: RFC 8866 (SDP), RFC 8829 (JSEP, Unified Plan), RFC 9143 (BUNDLE), RFC 5888
 * (group, mid), RFC 8839 (ICE attributes and candidates), RFC 8122 (fingerprint), RFC 4145 / RFC 5763
 * (setup), RFC 4585 (rtcp-fb), RFC 8285 (extmap), RFC 5576 (ssrc, ssrc-group), RFC 4588 (rtx apt),
 * RFC 8830 (msid), RFC 8851 (rid), RFC 8853 (simulcast), RFC 8841 (sctp-port, max-message-size),
 * RFC 5761 (rtcp-mux), RFC 5506 (rtcp-rsize).
 */
package io.prochat.rtc.sfu.sdp;
