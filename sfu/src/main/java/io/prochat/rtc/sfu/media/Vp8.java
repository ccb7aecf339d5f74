package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.rtp.RtpPacketView;

/**
 * The little of VP8's RTP payload (RFC 7741 §4.2, §4.3) a layer switch needs: where the payload descriptor is, does
 * this packet start a key frame, and where its PictureID and TL0PICIDX are.
 */
final class Vp8 {
    private Vp8() {
    }

    /** The offset of the payload (the VP8 descriptor) in an RTP packet, or -1 when the header does not fit. */
    static int payloadOffset(byte[] b, int off, int len) {
        int header = RtpPacketView.headerLength(b, off, len);
        return header >= 0 && header < len ? off + header : -1;
    }

    /** True when the payload is the first packet of a key frame (S=1, PID=0, and the frame header's P bit 0). */
    static boolean isKeyFrameStart(byte[] b, int payload, int length) {
        if (length < 2) {
            return false;
        }
        int d = b[payload] & 0xFF;
        if ((d & 0x10) == 0 || (d & 0x07) != 0) { // S bit, partition index 0
            return false;
        }
        int at = payload + 1;
        if ((d & 0x80) != 0) { // X: one more byte of flags
            int x = b[at++] & 0xFF;
            if ((x & 0x80) != 0) { // I: picture id, 7 or 15 bits
                at += (b[at] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) { // L: TL0PICIDX
                at++;
            }
            if ((x & 0x30) != 0) { // T or K: TID/Y/KEYIDX
                at++;
            }
        }
        return at < payload + length && (b[at] & 0x01) == 0;
    }

    /**
     * The offset of the PictureID field, or -1 when the descriptor has none: one byte (7 bits) when its first bit,
     * M, is 0, else two (15 bits).
     */
    static int pictureIdAt(byte[] b, int payload, int length) {
        if (length < 3 || (b[payload] & 0x80) == 0 || (b[payload + 1] & 0x80) == 0) {
            return -1;
        }
        int width = (b[payload + 2] & 0x80) != 0 ? 2 : 1;
        return 2 + width <= length ? payload + 2 : -1;
    }

    /** The offset of the TL0PICIDX byte, or -1 when the descriptor has none. */
    static int tl0PicIdxAt(byte[] b, int payload, int length) {
        if (length < 3 || (b[payload] & 0x80) == 0 || (b[payload + 1] & 0x40) == 0) {
            return -1;
        }
        int at = payload + 2;
        if ((b[payload + 1] & 0x80) != 0) {
            at += (b[at] & 0x80) != 0 ? 2 : 1;
        }
        return at < payload + length ? at : -1;
    }
}
