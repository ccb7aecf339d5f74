package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.rtp.RtpNumbering;

/**
 * Hides header extension elements from receivers, in place: the element keeps its bytes but gets an id the
 * receiver never negotiated ({@link #UNUSED_ID}), which RFC 8285 §4.2 says to skip. The SFU negotiates mid and
 * rid with publishers to bind simulcast SSRCs; a receiver must not see the publisher's mid, or it would route the
 * packet to its own m-line of that name. The walk over the extension block is {@link RtpNumbering}'s.
 */
final class HeaderExtensions {
    /** Never negotiated by this SFU (Chromium offers it for toffset, which we refuse). */
    static final int UNUSED_ID = 14;

    private HeaderExtensions() {
    }

    /** The table that renames {@code ids} (0 = none) to {@link #UNUSED_ID}: made once, used per packet. */
    static byte[] hiding(int... ids) {
        return RtpNumbering.renaming(UNUSED_ID, ids);
    }

    /** Renames the elements {@code hiding} names, in either header form. */
    static void hide(byte[] buf, int off, int len, byte[] hiding) {
        RtpNumbering.renameExtensions(buf, off, len, hiding, UNUSED_ID);
    }
}
