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

    /** Renames elements {@code a}, {@code b}, {@code c} (0 = none) to {@link #UNUSED_ID}, in either header form. */
    static void hide(byte[] buf, int off, int len, int a, int b, int c) {
        if ((buf[off] & 0x10) == 0) {
            return; // no extension block
        }
        int at = off + 12 + 4 * (buf[off] & 0x0F);
        if (at + 4 > off + len) {
            return;
        }
        int end = at + 4 + 4 * (((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF));
        if (end > off + len) {
            return;
        }
        if ((buf[at] & 0xFF) == 0x10 && (buf[at + 1] & 0xF0) == 0) {
            hideTwoByte(buf, at + 4, end, a, b, c);
            return;
        }
        if ((buf[at] & 0xFF) != 0xBE || (buf[at + 1] & 0xFF) != 0xDE) {
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

    /** RFC 8285 §4.3: an id byte, a length byte, the data; 0 bytes are padding. */
    private static void hideTwoByte(byte[] buf, int p, int end, int a, int b, int c) {
        while (p + 1 < end) {
            int id = buf[p] & 0xFF;
            if (id == 0) {
                p++;
                continue;
            }
            if (id == a || id == b || id == c) {
                buf[p] = (byte) UNUSED_ID;
            }
            p += 2 + (buf[p + 1] & 0xFF);
        }
    }
}
