package io.prochat.rtc.sfu.echo;

/**
 * Renames SSRCs on the way back to the sender, so the browser never receives its own SSRCs: every SSRC is XORed
 * with one constant. XOR is its own inverse, so feedback about an echoed stream (a PLI for the renamed SSRC) comes
 * back as feedback about the original one, and the browser's encoder answers it. Works in place, allocates nothing.
 */
final class SsrcMirror {
    static final int MASK = 0x5EC0_0E40;

    private SsrcMirror() {
    }

    static long map(long ssrc) {
        return (ssrc ^ MASK) & 0xFFFF_FFFFL;
    }

    /** RTP: the SSRC at bytes 8..11. */
    static void rtp(byte[] b, int off) {
        flip(b, off + 8);
    }

    /**
     * RTCP compound (RFC 3550 §6, RFC 4585 §6, RFC 5104 §4.3.1): every SSRC field we know where to find: SR/RR
     * sender and report blocks, SDES chunks, BYE list, feedback sender and media source, FIR entries, REMB list.
     * Other packet types get their first SSRC mapped. Stops at the first malformed length.
     */
    static void rtcp(byte[] b, int off, int len) {
        int end = off + len;
        int pos = off;
        while (pos + 8 <= end) {
            if ((b[pos] & 0xC0) != 0x80) {
                return;
            }
            int count = b[pos] & 0x1F;
            int pt = b[pos + 1] & 0xFF;
            int plen = ((((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF)) + 1) * 4;
            int pend = pos + plen;
            if (pend > end) {
                return;
            }
            switch (pt) {
                case 200: // SR: sender, 20 B sender info, report blocks
                    flip(b, pos + 4);
                    blocks(b, pos + 28, count, pend);
                    break;
                case 201: // RR
                    flip(b, pos + 4);
                    blocks(b, pos + 8, count, pend);
                    break;
                case 202: // SDES
                    sdes(b, pos + 4, count, pend);
                    break;
                case 203: // BYE
                    for (int i = 0; i < count && pos + 8 + 4 * i <= pend; i++) {
                        flip(b, pos + 4 + 4 * i);
                    }
                    break;
                case 205: // RTPFB (NACK, TWCC)
                case 206: // PSFB (PLI, FIR, REMB)
                    flip(b, pos + 4);
                    if (pos + 12 <= pend) {
                        flipUnlessZero(b, pos + 8); // 0 means "none" (FIR, REMB)
                    }
                    if (pt == 205) {
                        break;
                    }
                    if (count == 4) { // FIR: 8-byte entries starting with the SSRC
                        for (int p = pos + 12; p + 8 <= pend; p += 8) {
                            flip(b, p);
                        }
                    } else if (count == 15 && pos + 20 <= pend && b[pos + 12] == 'R' && b[pos + 13] == 'E'
                            && b[pos + 14] == 'M' && b[pos + 15] == 'B') {
                        int n = b[pos + 16] & 0xFF;
                        for (int i = 0; i < n && pos + 24 + 4 * i <= pend; i++) {
                            flip(b, pos + 20 + 4 * i);
                        }
                    }
                    break;
                default:
                    flip(b, pos + 4);
            }
            pos = pend;
        }
    }

    private static void blocks(byte[] b, int start, int count, int pend) {
        for (int i = 0; i < count && start + 24 * (i + 1) <= pend; i++) {
            flip(b, start + 24 * i);
        }
    }

    private static void sdes(byte[] b, int p, int count, int pend) {
        for (int c = 0; c < count && p + 4 <= pend; c++) {
            int chunkStart = p;
            flip(b, p);
            p += 4;
            while (p < pend && b[p] != 0) { // items: type, length, text
                if (p + 1 >= pend) {
                    return;
                }
                p += 2 + (b[p + 1] & 0xFF);
            }
            p++; // the null item
            p += (4 - ((p - chunkStart) & 3)) & 3; // chunks are 32-bit aligned
        }
    }

    private static void flipUnlessZero(byte[] b, int p) {
        if ((b[p] | b[p + 1] | b[p + 2] | b[p + 3]) != 0) {
            flip(b, p);
        }
    }

    private static void flip(byte[] b, int p) {
        b[p] ^= (byte) (MASK >>> 24);
        b[p + 1] ^= (byte) (MASK >>> 16);
        b[p + 2] ^= (byte) (MASK >>> 8);
        b[p + 3] ^= (byte) MASK;
    }
}
