/**
 * DTLS 1.2 for DTLS-SRTP (RFC 6347, RFC 5763, RFC 5764) on BouncyCastle: an ECDSA P-256 certificate and its
 * {@code a=fingerprint} ({@link io.prochat.rtc.sfu.dtls.DtlsCertificate}, RFC 8122), both handshake roles chosen from
 * {@code a=setup} ({@link io.prochat.rtc.sfu.dtls.DtlsSetup}), the peer certificate checked against its signalled
 * fingerprint, the SRTP protection profile negotiated in use_srtp, and the keys exported
 * ({@link io.prochat.rtc.sfu.dtls.DtlsEndpoint}).
 *
 * <p>Threads: the network thread only copies DTLS records into a bounded queue; the blocking handshake and later
 * records run on an executor the caller provides.
 */
package io.prochat.rtc.sfu.dtls;
