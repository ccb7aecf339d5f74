package io.prochat.rtc.sfu.srtp;

import java.util.Arrays;

/**
 * SRTP and SRTCP for one DTLS-SRTP association (RFC 3711, RFC 5764, RFC 7714), in place and without allocating per
 * packet.
 *
 * <p>Keys come from the DTLS exporter: {@code client_write_key | server_write_key | client_write_salt |
 * server_write_salt} (RFC 5764 §4.2). We protect with our role's half and unprotect with the peer's. Session keys
 * are derived once per direction; each SSRC gets a stream context with its own cipher on first use.
 *
 * <p>An inbound stream context is kept only after a packet authenticated with it, so junk SSRCs never fill the table
 * (a spare context is tried and reused until one does). Receive replay protection is on (64-packet window); sending
 * checks no replay because an SFU legitimately re-sends a packet index (retransmissions).
 *
 * <p>Threading: any thread may call any method. Stream contexts synchronise themselves; the SSRC tables are
 * copy-on-write; a new inbound SSRC is tried under the session's lock.
 */
public final class SrtpSession implements AutoCloseable {
    /** Per direction; a browser sends 2–6 SSRCs, a room member receives one per forwarded track. */
    public static final int MAX_SSRCS = 256;

    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;

    private final SrtpProfile profile;
    private final StreamKeys rtpOutKeys;
    private final StreamKeys rtcpOutKeys;
    private final StreamKeys rtpInKeys;
    private final StreamKeys rtcpInKeys;
    private final SsrcTable<RtpStreamContext> rtpOut = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<RtpStreamContext> rtpIn = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<RtcpStreamContext> rtcpOut = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<RtcpStreamContext> rtcpIn = new SsrcTable<>(MAX_SSRCS);
    /** A context for an SSRC not seen yet, kept until a packet authenticates with it; guarded by {@code this}. */
    private RtpStreamContext spareRtpIn;
    private RtcpStreamContext spareRtcpIn;

    private SrtpSession(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
        this.profile = profile;
        this.rtpOutKeys = new StreamKeys(profile, localKey, localSalt, false);
        this.rtcpOutKeys = new StreamKeys(profile, localKey, localSalt, true);
        this.rtpInKeys = new StreamKeys(profile, remoteKey, remoteSalt, false);
        this.rtcpInKeys = new StreamKeys(profile, remoteKey, remoteSalt, true);
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
        RtpStreamContext ctx = rtpOut.get(ssrc);
        if (ctx == null) {
            ctx = rtpOut.putIfAbsent(ssrc, new RtpStreamContext(rtpOutKeys.newCipher(), profile.rtpTagLength()));
            if (ctx == null) {
                return SrtpResult.TOO_MANY_SSRCS;
            }
        }
        return ctx.protect(packet, ssrc);
    }

    /** Authenticates, replay-checks and decrypts an SRTP packet in place; on OK the view holds the plain RTP packet. */
    public SrtpResult unprotectRtp(PacketBuffer packet) {
        if (packet.getLength() < RTP_HEADER + profile.rtpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = Bytes.readInt(packet.getBuffer(), packet.getOffset() + 8);
        RtpStreamContext ctx = rtpIn.get(ssrc);
        return ctx != null ? ctx.unprotect(packet, ssrc) : unprotectRtpFromNewSsrc(packet, ssrc);
    }

    private synchronized SrtpResult unprotectRtpFromNewSsrc(PacketBuffer packet, int ssrc) {
        RtpStreamContext known = rtpIn.get(ssrc); // another thread may have added it meanwhile
        if (known != null) {
            return known.unprotect(packet, ssrc);
        }
        if (rtpIn.isFull()) {
            return SrtpResult.TOO_MANY_SSRCS;
        }
        if (spareRtpIn == null) {
            spareRtpIn = new RtpStreamContext(rtpInKeys.newCipher(), profile.rtpTagLength());
        }
        SrtpResult result = spareRtpIn.unprotect(packet, ssrc);
        if (result == SrtpResult.OK) {
            rtpIn.putIfAbsent(ssrc, spareRtpIn);
            spareRtpIn = null;
        }
        return result;
    }

    /** Encrypts an RTCP compound packet in place, appending the E flag, SRTCP index and tag. */
    public SrtpResult protectRtcp(PacketBuffer packet) {
        if (packet.getLength() < RTCP_HEADER || packet.tailRoom() < profile.rtcpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = Bytes.readInt(packet.getBuffer(), packet.getOffset() + 4);
        RtcpStreamContext ctx = rtcpOut.get(ssrc);
        if (ctx == null) {
            ctx = rtcpOut.putIfAbsent(ssrc, new RtcpStreamContext(rtcpOutKeys.newCipher()));
            if (ctx == null) {
                return SrtpResult.TOO_MANY_SSRCS;
            }
        }
        return ctx.protect(packet, ssrc);
    }

    /** Authenticates, replay-checks and decrypts an SRTCP packet in place. */
    public SrtpResult unprotectRtcp(PacketBuffer packet) {
        if (packet.getLength() < RTCP_HEADER + profile.rtcpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = Bytes.readInt(packet.getBuffer(), packet.getOffset() + 4);
        RtcpStreamContext ctx = rtcpIn.get(ssrc);
        return ctx != null ? ctx.unprotect(packet, ssrc) : unprotectRtcpFromNewSsrc(packet, ssrc);
    }

    private synchronized SrtpResult unprotectRtcpFromNewSsrc(PacketBuffer packet, int ssrc) {
        RtcpStreamContext known = rtcpIn.get(ssrc);
        if (known != null) {
            return known.unprotect(packet, ssrc);
        }
        if (rtcpIn.isFull()) {
            return SrtpResult.TOO_MANY_SSRCS;
        }
        if (spareRtcpIn == null) {
            spareRtcpIn = new RtcpStreamContext(rtcpInKeys.newCipher());
        }
        SrtpResult result = spareRtcpIn.unprotect(packet, ssrc);
        if (result == SrtpResult.OK) {
            rtcpIn.putIfAbsent(ssrc, spareRtcpIn);
            spareRtcpIn = null;
        }
        return result;
    }

    /** Inbound SSRCs with an authenticated context (RTP). */
    public int inboundRtpSsrcCount() {
        return rtpIn.size();
    }

    /** Drops every stream context; nothing native is held, so this only lets them be collected sooner. */
    @Override
    public synchronized void close() {
        rtpOut.clear();
        rtpIn.clear();
        rtcpOut.clear();
        rtcpIn.clear();
        spareRtpIn = null;
        spareRtcpIn = null;
    }
}
