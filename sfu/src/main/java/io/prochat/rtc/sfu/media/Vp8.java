package io.prochat.rtc.sfu.media;

/** The little of VP8's RTP payload (RFC 7741 §4.2, §4.3) a layer switch needs: does this packet start a key frame. */
final class Vp8 {
    private Vp8() {
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
}
