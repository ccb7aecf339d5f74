/**
 * SRTP and SRTCP (RFC 3711; AES-GCM per RFC 7714) in place on reusable
 * {@link io.prochat.rtc.sfu.srtp.PacketBuffer} views, allocating nothing per packet: session keys and a cipher per
 * direction, a small state per SSRC (rollover counter, replay window), receive replay protection on, keys split
 * from the DTLS exporter output ({@link io.prochat.rtc.sfu.srtp.SrtpSession}).
 *
 * <p>The ciphers are written here on JDK primitives (AES/ECB and SHA-1, both hardware-accelerated) and
 * BouncyCastle's GHASH tables, because the JDK's AES/CTR, AES/GCM and HMAC allocate on every packet; jitsi-srtp
 * did too, and is kept as the reference the tests check every byte against.
 *
 * <p>Ownership: a packet's array must carry tail room for the tag; nothing here keeps a reference to it.
 */
package io.prochat.rtc.sfu.srtp;
