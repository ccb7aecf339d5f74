/**
 * WebRTC data channels (RFC 8831) on our SCTP ({@link io.prochat.rtc.sfu.sctp}): the Data Channel Establishment
 * Protocol (RFC 8832, {@link io.prochat.rtc.sfu.datachannel.Dcep}), the payload protocol identifiers for text and
 * binary, stream ids by DTLS role (RFC 8832 §6: the DTLS client uses even ids), and closing by stream reset
 * (RFC 8831 §6.7). {@link io.prochat.rtc.sfu.datachannel.DataChannels} is the entry point.
 */
package io.prochat.rtc.sfu.datachannel;
