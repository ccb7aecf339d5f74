/**
 * SRTP and SRTCP (RFC 3711, AES-GCM per RFC 7714) on jitsi-srtp, in place on reusable
 * {@link io.prochat.rtc.sfu.srtp.PacketBuffer} views: a crypto context per SSRC and direction, receive replay
 * protection on, keys split from the DTLS exporter output ({@link io.prochat.rtc.sfu.srtp.SrtpSession}).
 *
 * <p>Ownership: a packet's array must carry tail room for the tag; nothing here keeps a reference to it.
 */
package io.prochat.rtc.sfu.srtp;
