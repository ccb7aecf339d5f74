package io.prochat.rtc.sfu.srtp;

/**
 * One SSRC's SRTCP state in one direction: the 31-bit SRTCP index we send (RFC 3711 §3.4) or the replay window of
 * the indices we received. Not thread-safe, like {@link RtpStreamContext}.
 */
final class RtcpStreamContext {
    private static final int INDEX_MASK = 0x7FFF_FFFF;

    private final ReplayWindow replay = new ReplayWindow();
    private int nextIndex;

    void reset() {
        replay.reset();
        nextIndex = 0;
    }

    SrtpResult protect(PacketBuffer packet, int ssrc, SrtpCipher cipher) {
        int index = nextIndex;
        nextIndex = (nextIndex + 1) & INDEX_MASK; // wraps after 2^31 packets: years of RTCP at a few a second
        packet.setLength(cipher.sealRtcp(packet.getBuffer(), packet.getOffset(), packet.getLength(), ssrc, index));
        return SrtpResult.OK;
    }

    SrtpResult unprotect(PacketBuffer packet, int ssrc, SrtpCipher cipher) {
        byte[] b = packet.getBuffer();
        int off = packet.getOffset();
        int length = packet.getLength();
        long index = cipher.rtcpIndexField(b, off, length) & INDEX_MASK;
        if (!replay.isFresh(index)) {
            return SrtpResult.REPLAY;
        }
        int plainLength = cipher.openRtcp(b, off, length, ssrc);
        if (plainLength < 0) {
            return SrtpResult.AUTH_FAIL;
        }
        packet.setLength(plainLength);
        replay.accept(index);
        return SrtpResult.OK;
    }
}
