package io.prochat.rtc.sfu.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP for one DTLS-SRTP association (RFC 3711, RFC 5764, RFC 7714), with jitsi-srtp doing the crypto.
 *
 * <p>Keys come from the DTLS exporter: {@code client_write_key | server_write_key | client_write_salt |
 * server_write_salt} (RFC 5764 §4.2). We protect with our role's half and unprotect with the peer's.
 *
 * <p>A crypto context exists per SSRC and direction ({@code deriveContext}/{@code deriveControlContext}), created on
 * first use. An inbound context is kept only after a packet authenticated with it, so junk SSRCs never fill the
 * table. Receive replay protection is on (64-packet window); send replay checking is off because an SFU legitimately
 * re-sends a packet index (retransmissions), as JVB also does.
 *
 * <p>Threading: any thread may call any method; each jitsi-srtp context synchronises itself and the SSRC tables are
 * copy-on-write. Nothing is allocated per packet once the SSRC's context exists.
 */
public final class SrtpSession implements AutoCloseable {
    static {
        // jitsi-srtp benchmarks AES providers at start-up and may pick SunJCE for CTR, which copies every packet
        // (about 1.2 kB allocated per 1 kB packet, measured in SrtpAllocationTest); its OpenSSL binding, when the
        // native library loads, allocates about 100 B per packet whatever the size, and is as fast. JVB defaults to
        // OpenSSL too. Without libcrypto.so.3 the pure-Java fallback stays.
        if (JitsiOpenSslProvider.isLoaded()) {
            Aes.setFactoryClassName("OpenSSL");
        }
    }

    /** Per direction; a browser sends 2–6 SSRCs, a room member receives one per forwarded track. */
    public static final int MAX_SSRCS = 256;

    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;

    private final SrtpProfile profile;
    private final SrtpContextFactory forward;
    private final SrtpContextFactory reverse;
    private final SsrcTable<SrtpCryptoContext> rtpOut = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtpCryptoContext> rtpIn = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> rtcpOut = new SsrcTable<>(MAX_SSRCS);
    private final SsrcTable<SrtcpCryptoContext> rtcpIn = new SsrcTable<>(MAX_SSRCS);

    private SrtpSession(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
        this.profile = profile;
        LoggerImpl logger = new LoggerImpl(SrtpSession.class.getName());
        SrtpPolicy outRtp = profile.rtpPolicy();
        outRtp.setSendReplayEnabled(false);
        SrtpPolicy outRtcp = profile.rtcpPolicy();
        this.forward = new SrtpContextFactory(true, localKey, localSalt, outRtp, outRtcp, logger);
        SrtpPolicy inRtp = profile.rtpPolicy();
        inRtp.setReceiveReplayEnabled(true);
        SrtpPolicy inRtcp = profile.rtcpPolicy();
        inRtcp.setReceiveReplayEnabled(true);
        this.reverse = new SrtpContextFactory(false, remoteKey, remoteSalt, inRtp, inRtcp, logger);
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

    /** For tests and tools: explicit keys. */
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
        int ssrc = readInt(packet.getBuffer(), packet.getOffset() + 8);
        SrtpCryptoContext ctx = rtpOut.get(ssrc);
        try {
            if (ctx == null) {
                ctx = rtpOut.putIfAbsent(ssrc, forward.deriveContext(ssrc, 0));
                if (ctx == null) {
                    return SrtpResult.TOO_MANY_SSRCS;
                }
            }
            return map(ctx.transformPacket(packet), packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpResult.FAIL;
        }
    }

    /** Authenticates, replay-checks and decrypts an SRTP packet in place; on OK the view holds the plain RTP packet. */
    public SrtpResult unprotectRtp(PacketBuffer packet) {
        if (packet.getLength() < RTP_HEADER + profile.rtpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = readInt(packet.getBuffer(), packet.getOffset() + 8);
        try {
            SrtpCryptoContext ctx = rtpIn.get(ssrc);
            if (ctx != null) {
                return map(ctx.reverseTransformPacket(packet, false), packet);
            }
            if (rtpIn.isFull()) {
                return SrtpResult.TOO_MANY_SSRCS;
            }
            // A new SSRC: keep its context only once a packet authenticates with it.
            ctx = reverse.deriveContext(ssrc, 0);
            SrtpResult result = map(ctx.reverseTransformPacket(packet, false), packet);
            if (result == SrtpResult.OK && rtpIn.putIfAbsent(ssrc, ctx) == null) {
                return SrtpResult.TOO_MANY_SSRCS;
            }
            return result;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpResult.FAIL;
        }
    }

    /** Encrypts an RTCP compound packet in place, appending the E flag, SRTCP index and tag. */
    public SrtpResult protectRtcp(PacketBuffer packet) {
        if (packet.getLength() < RTCP_HEADER || packet.tailRoom() < profile.rtcpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = readInt(packet.getBuffer(), packet.getOffset() + 4);
        SrtcpCryptoContext ctx = rtcpOut.get(ssrc);
        try {
            if (ctx == null) {
                ctx = rtcpOut.putIfAbsent(ssrc, forward.deriveControlContext(ssrc));
                if (ctx == null) {
                    return SrtpResult.TOO_MANY_SSRCS;
                }
            }
            return map(ctx.transformPacket(packet), packet);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpResult.FAIL;
        }
    }

    /** Authenticates, replay-checks and decrypts an SRTCP packet in place. */
    public SrtpResult unprotectRtcp(PacketBuffer packet) {
        if (packet.getLength() < RTCP_HEADER + profile.rtcpOverhead()) {
            return SrtpResult.INVALID;
        }
        int ssrc = readInt(packet.getBuffer(), packet.getOffset() + 4);
        try {
            SrtcpCryptoContext ctx = rtcpIn.get(ssrc);
            if (ctx != null) {
                return map(ctx.reverseTransformPacket(packet), packet);
            }
            if (rtcpIn.isFull()) {
                return SrtpResult.TOO_MANY_SSRCS;
            }
            ctx = reverse.deriveControlContext(ssrc);
            SrtpResult result = map(ctx.reverseTransformPacket(packet), packet);
            if (result == SrtpResult.OK && rtcpIn.putIfAbsent(ssrc, ctx) == null) {
                return SrtpResult.TOO_MANY_SSRCS;
            }
            return result;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpResult.FAIL;
        }
    }

    /** Inbound SSRCs with an authenticated context (RTP). */
    public int inboundRtpSsrcCount() {
        return rtpIn.size();
    }

    @Override
    public void close() {
        rtpOut.forEachAndClear(ctx -> { });
        rtpIn.forEachAndClear(ctx -> { });
        rtcpOut.forEachAndClear(ctx -> { });
        rtcpIn.forEachAndClear(ctx -> { });
        forward.close();
        reverse.close();
    }

    private static SrtpResult map(SrtpErrorStatus status, PacketBuffer packet) {
        if (packet.isInvalid()) {
            return SrtpResult.INVALID;
        }
        switch (status) {
            case OK:
                return SrtpResult.OK;
            case AUTH_FAIL:
                return SrtpResult.AUTH_FAIL;
            case REPLAY_FAIL:
            case REPLAY_OLD:
                return SrtpResult.REPLAY;
            case INVALID_PACKET:
                return SrtpResult.INVALID;
            default:
                return SrtpResult.FAIL;
        }
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
