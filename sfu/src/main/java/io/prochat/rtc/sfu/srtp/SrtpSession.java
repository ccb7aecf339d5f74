package io.prochat.rtc.sfu.srtp;

import java.util.Arrays;

/**
 * SRTP and SRTCP for one DTLS-SRTP association (RFC 3711, RFC 5764, RFC 7714), in place and without allocating per
 * packet.
 *
 * <p>Keys come from the DTLS exporter: {@code client_write_key | server_write_key | client_write_salt |
 * server_write_salt} (RFC 5764 §4.2). We protect with our role's half and unprotect with the peer's. Session keys
 * are derived once per direction, and each of the four directions (RTP and RTCP, out and in) has one cipher and a
 * small state per SSRC (rollover counter, replay window), so a receiver of a hundred streams costs a hundred small
 * objects, not a hundred ciphers.
 *
 * <p>An inbound SSRC's state is kept only after a packet authenticated with it, so junk SSRCs never fill the table.
 * Receive replay protection is on (64-packet window); sending checks no replay because an SFU legitimately re-sends
 * a packet index (retransmissions). Outbound state is dropped only when the room says a stream is gone for good
 * ({@link #forgetOutbound}): state recreated for a live stream would start its rollover counter over and encrypt
 * two packets under one index, so a full table refuses new streams instead of evicting.
 *
 * <p>Threading: any thread may call any method. Each direction is guarded by its cipher's lock, held for one
 * packet's crypto; forwarding threads of several publishers sending to one receiver take turns there.
 */
public final class SrtpSession implements AutoCloseable {
    /** Inbound RTP SSRCs: a browser sends a handful (with simulcast layers and RTX, under twenty). */
    public static final int MAX_SSRCS = 256;
    /**
     * Outbound SSRCs, and inbound RTCP ones (a browser may send RTCP from an SSRC per receiving transceiver): up to
     * six per other member of a 100-person room (microphone, camera, screen, its audio, RTX).
     */
    public static final int MAX_OUTBOUND_SSRCS = 1024;

    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;

    private final SrtpProfile profile;
    private final SrtpCipher rtpOutCipher;
    private final SrtpCipher rtcpOutCipher;
    private final SrtpCipher rtpInCipher;
    private final SrtpCipher rtcpInCipher;
    private final SsrcTable<RtpStreamContext> rtpOut = new SsrcTable<>(MAX_OUTBOUND_SSRCS);
    private final SsrcTable<RtpStreamContext> rtpIn = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<RtcpStreamContext> rtcpOut = new SsrcTable<>(MAX_OUTBOUND_SSRCS);
    private final SsrcTable<RtcpStreamContext> rtcpIn = new SsrcTable<>(MAX_OUTBOUND_SSRCS);
    /** The state tried for an SSRC not seen yet, kept until a packet authenticates with it. */
    private RtpStreamContext spareRtpIn;
    private RtcpStreamContext spareRtcpIn;
    /** Set by {@link #close}: a send racing it must not recreate state at index 0. */
    private volatile boolean closed;

    private SrtpSession(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
        this.profile = profile;
        this.rtpOutCipher = new StreamKeys(profile, localKey, localSalt, false).newCipher();
        this.rtcpOutCipher = new StreamKeys(profile, localKey, localSalt, true).newCipher();
        this.rtpInCipher = new StreamKeys(profile, remoteKey, remoteSalt, false).newCipher();
        this.rtcpInCipher = new StreamKeys(profile, remoteKey, remoteSalt, true).newCipher();
    }

    /**
     * Splits DTLS-SRTP keying material (RFC 5764 §4.2) and builds the session.
     *
     * @param localIsDtlsClient whether we were the DTLS client (then we send with the client key)
     */
    public static SrtpSession fromKeyingMaterial(SrtpProfile profile, boolean localIsDtlsClient, byte[] material) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material is " + material.length + " bytes, "
                    + profile + " needs " + profile.keyingMaterialLength());
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return localIsDtlsClient
                ? new SrtpSession(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpSession(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    /** For tests and tools: explicit master keys and salts. */
    public static SrtpSession of(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey,
            byte[] remoteSalt) {
        return new SrtpSession(profile, localKey, localSalt, remoteKey, remoteSalt);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Encrypts an RTP packet in place and appends the tag; the view's array needs {@link SrtpProfile#rtpOverhead()} bytes of tail room. */
    public SrtpResult protectRtp(PacketBuffer packet) {
        if (packet.getLength() < RTP_HEADER || packet.tailRoom() < profile.rtpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = Bytes.readInt(packet.getBuffer(), packet.getOffset() + 8);
        synchronized (rtpOutCipher) {
            RtpStreamContext ctx = rtpOut.get(ssrc);
            if (ctx == null) {
                if (closed) {
                    return SrtpResult.FAIL;
                }
                ctx = new RtpStreamContext(profile.rtpTagLength());
                if (!rtpOut.put(ssrc, ctx)) {
                    return SrtpResult.TOO_MANY_SSRCS;
                }
            }
            return ctx.protect(packet, ssrc, rtpOutCipher);
        }
    }

    /** Authenticates, replay-checks and decrypts an SRTP packet in place; on OK the view holds the plain RTP packet. */
    public SrtpResult unprotectRtp(PacketBuffer packet) {
        if (packet.getLength() < RTP_HEADER + profile.rtpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = Bytes.readInt(packet.getBuffer(), packet.getOffset() + 8);
        synchronized (rtpInCipher) {
            RtpStreamContext ctx = rtpIn.get(ssrc);
            if (ctx != null) {
                return ctx.unprotect(packet, ssrc, rtpInCipher);
            }
            if (rtpIn.isFull()) {
                return SrtpResult.TOO_MANY_SSRCS;
            }
            if (spareRtpIn == null) {
                spareRtpIn = new RtpStreamContext(profile.rtpTagLength());
            }
            spareRtpIn.reset();
            SrtpResult result = spareRtpIn.unprotect(packet, ssrc, rtpInCipher);
            if (result == SrtpResult.OK) {
                rtpIn.put(ssrc, spareRtpIn);
                spareRtpIn = null;
            }
            return result;
        }
    }

    /** Encrypts an RTCP compound packet in place, appending the E flag, SRTCP index and tag. */
    public SrtpResult protectRtcp(PacketBuffer packet) {
        if (packet.getLength() < RTCP_HEADER || packet.tailRoom() < profile.rtcpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = Bytes.readInt(packet.getBuffer(), packet.getOffset() + 4);
        synchronized (rtcpOutCipher) {
            RtcpStreamContext ctx = rtcpOut.get(ssrc);
            if (ctx == null) {
                if (closed) {
                    return SrtpResult.FAIL;
                }
                ctx = new RtcpStreamContext();
                if (!rtcpOut.put(ssrc, ctx)) {
                    return SrtpResult.TOO_MANY_SSRCS;
                }
            }
            return ctx.protect(packet, ssrc, rtcpOutCipher);
        }
    }

    /** Authenticates, replay-checks and decrypts an SRTCP packet in place. */
    public SrtpResult unprotectRtcp(PacketBuffer packet) {
        if (packet.getLength() < RTCP_HEADER + profile.rtcpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = Bytes.readInt(packet.getBuffer(), packet.getOffset() + 4);
        synchronized (rtcpInCipher) {
            RtcpStreamContext ctx = rtcpIn.get(ssrc);
            if (ctx != null) {
                return ctx.unprotect(packet, ssrc, rtcpInCipher);
            }
            if (rtcpIn.isFull()) {
                return SrtpResult.TOO_MANY_SSRCS;
            }
            if (spareRtcpIn == null) {
                spareRtcpIn = new RtcpStreamContext();
            }
            spareRtcpIn.reset();
            SrtpResult result = spareRtcpIn.unprotect(packet, ssrc, rtcpInCipher);
            if (result == SrtpResult.OK) {
                rtcpIn.put(ssrc, spareRtcpIn);
                spareRtcpIn = null;
            }
            return result;
        }
    }

    /** Inbound SSRCs with an authenticated context (RTP). */
    public int inboundRtpSsrcCount() {
        synchronized (rtpInCipher) {
            return rtpIn.size();
        }
    }

    /** Outbound SSRCs with state (RTP). */
    public int outboundRtpSsrcCount() {
        synchronized (rtpOutCipher) {
            return rtpOut.size();
        }
    }

    /** Outbound SSRCs with state (RTCP): one per SSRC a report was sent about, forgotten with the RTP one. */
    public int outboundRtcpSsrcCount() {
        synchronized (rtcpOutCipher) {
            return rtcpOut.size();
        }
    }

    /**
     * Drops the outbound state of a stream that will never be sent again (its publisher left the room). Sending on
     * that SSRC afterwards would start over at index 0, so the caller waits until no packet of it can be in flight.
     */
    public void forgetOutbound(int ssrc) {
        synchronized (rtpOutCipher) {
            rtpOut.remove(ssrc);
        }
        synchronized (rtcpOutCipher) {
            rtcpOut.remove(ssrc);
        }
    }

    /** Drops every stream's state; nothing native is held, so this only lets it be collected sooner. */
    @Override
    public void close() {
        closed = true;
        synchronized (rtpOutCipher) {
            rtpOut.clear();
        }
        synchronized (rtpInCipher) {
            rtpIn.clear();
            spareRtpIn = null;
        }
        synchronized (rtcpOutCipher) {
            rtcpOut.clear();
        }
        synchronized (rtcpInCipher) {
            rtcpIn.clear();
            spareRtcpIn = null;
        }
    }
}
