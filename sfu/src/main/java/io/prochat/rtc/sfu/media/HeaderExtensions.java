package io.prochat.rtc.sfu.media;

/**
 * Hides header extension elements from receivers, in place: the element keeps its bytes but gets an id the
 * receiver never negotiated ({@link #UNUSED_ID}), which RFC 8285 §4.2 says to skip. The SFU negotiates mid and
 * rid with publishers to bind simulcast SSRCs; a receiver must not see the publisher's mid, or it would route the
 * packet to its own m-line of that name.
 */
final class HeaderExtensions {
    /** Never negotiated by this SFU (Chromium offers it for toffset, which we refuse). */
    static final int UNUSED_ID = 14;

    private HeaderExtensions() {
    }

    /** Renames one-byte elements {@code a}, {@code b}, {@code c} (0 = none) to {@link #UNUSED_ID}. */
    static void hide(byte[] buf, int off, int len, int a, int b, int c) {
        if ((buf[off] & 0x10) == 0) {
            return; // no extension block
        }
        int at = off + 12 + 4 * (buf[off] & 0x0F);
        if (at + 4 > off + len || (buf[at] & 0xFF) != 0xBE || (buf[at + 1] & 0xFF) != 0xDE) {
            return; // two-byte form: Chromium uses it only with extmap-allow-mixed and long values, not for these
        }
        int end = at + 4 + 4 * (((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF));
        if (end > off + len) {
            return;
        }
        int p = at + 4;
        while (p < end) {
            int h = buf[p] & 0xFF;
            if (h == 0) {
                p++;
                continue;
            }
            int id = h >> 4;
            if (id == 15) {
                return;
            }
            if (id == a || id == b || id == c) {
                buf[p] = (byte) ((UNUSED_ID << 4) | (h & 0x0F));
            }
            p += 2 + (h & 0x0F);
        }
    }
}
