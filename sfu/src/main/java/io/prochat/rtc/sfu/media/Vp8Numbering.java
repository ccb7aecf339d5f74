package io.prochat.rtc.sfu.media;

/**
 * Keeps the VP8 PictureID and TL0PICIDX (RFC 7741 §4.2) one receiver of a simulcast track sees continuous across
 * layer switches, as {@link LayerReceiver} does for sequence numbers and timestamps. Each layer numbers its own
 * pictures, and a layer that was paused (Chromium stops sending {@code h} while the REMB is low) lags the others by
 * every picture it did not send, so without a rewrite a switch up takes the receiver back in both numbers.
 * libwebrtc's VP8 reference finder keeps what it saw per TL0PICIDX (up to 50 behind the newest) and a key frame does
 * not clear it: once the new layer's TL0PICIDX reaches the old layer's entries (at once when it lags by less than
 * 50, seconds later when it lags by more), each base-layer frame finds there a picture id ahead of its own and is
 * dropped as already seen, with every frame that depends on it. Nothing is lost, so nothing is NACKed: Chromium
 * decodes nothing until it gives up waiting for a decodable frame (3 s) and asks for a key frame, which does not help
 * while its TL0PICIDX is still in that window (the ~3 s freezes after a switch up, issue 14). So at a switch the new
 * layer's key frame gets the numbers that follow the last ones sent, and its later packets the same offsets.
 *
 * <p>Only 15-bit picture ids are rewritten (browsers send no other); a 7-bit one is left as it is. The publisher's
 * packet thread rewrites and records; a resend, on the receiver's thread, only reads the offsets.
 */
final class Vp8Numbering {
    private static final int PICTURE_ID_MASK = 0x7FFF;

    // publisher's packet thread: the newest numbers sent, -1 before any
    private int lastPictureId = -1;
    private int lastTl0PicIdx = -1;
    /** The PictureID offset in the low 16 bits, the TL0PICIDX one in the next 8. */
    private volatile int offsets;

    /** A switch: the key frame at {@code payload}, and the packets after it, continue from the last numbers sent. */
    void continueWith(byte[] b, int payload, int length) {
        int picture = Vp8.pictureIdAt(b, payload, length);
        int tl0 = Vp8.tl0PicIdxAt(b, payload, length);
        int pictureOffset = lastPictureId < 0 || picture < 0 || (b[picture] & 0x80) == 0 ? 0
                : (lastPictureId + 1 - pictureId(b, picture)) & PICTURE_ID_MASK;
        int tl0Offset = lastTl0PicIdx < 0 || tl0 < 0 ? 0 : (lastTl0PicIdx + 1 - (b[tl0] & 0xFF)) & 0xFF;
        offsets = tl0Offset << 16 | pictureOffset;
    }

    /** Rewrites a packet of the current layer, and remembers its numbers when they are the newest sent. */
    void rewrite(byte[] b, int payload, int length) {
        apply(b, payload, length, true);
    }

    /** Rewrites a resent copy of a packet of the current layer as the receiver first saw it (receiver's thread). */
    void rewriteCopy(byte[] b, int payload, int length) {
        apply(b, payload, length, false);
    }

    private void apply(byte[] b, int payload, int length, boolean record) {
        int o = offsets;
        int picture = Vp8.pictureIdAt(b, payload, length);
        if (picture >= 0 && (b[picture] & 0x80) != 0) {
            int id = (pictureId(b, picture) + (o & 0xFFFF)) & PICTURE_ID_MASK;
            b[picture] = (byte) (0x80 | id >>> 8);
            b[picture + 1] = (byte) id;
            if (record && (lastPictureId < 0 || isNewer(id, lastPictureId, PICTURE_ID_MASK))) {
                lastPictureId = id;
            }
        }
        int tl0 = Vp8.tl0PicIdxAt(b, payload, length);
        if (tl0 >= 0) {
            int idx = ((b[tl0] & 0xFF) + (o >>> 16)) & 0xFF;
            b[tl0] = (byte) idx;
            if (record && (lastTl0PicIdx < 0 || isNewer(idx, lastTl0PicIdx, 0xFF))) {
                lastTl0PicIdx = idx;
            }
        }
    }

    private static int pictureId(byte[] b, int at) {
        return ((b[at] & 0x7F) << 8) | (b[at + 1] & 0xFF);
    }

    /** Whether {@code a} follows {@code b} on a counter that wraps at {@code mask} + 1. */
    private static boolean isNewer(int a, int b, int mask) {
        int d = (a - b) & mask;
        return d != 0 && d <= mask >>> 1;
    }
}
