package io.prochat.rtc.sfu.room;

import io.prochat.rtc.sfu.sdp.Fmtp;
import io.prochat.rtc.sfu.sdp.Rtpmap;

/**
 * The codecs and header extension ids of one client, read from its join offer and used for every m-line of its
 * session, including the ones carrying other people's tracks. Packets are forwarded without rewriting payload types
 * or extension ids, so this relies on every client numbering them alike, which Chromium does (Opus 111, VP8 96,
 * audio level 1, abs-send-time 2); a client that differs gets a refusal at join rather than garbled media.
 *
 * @param audioLevelId RFC 6464 extension id, 0 when not offered
 * @param absSendTimeId abs-send-time extension id (receivers' bandwidth estimation uses it), 0 when not offered
 */
record SessionCodecs(Rtpmap opus, Fmtp opusFmtp, Rtpmap vp8, int audioLevelId, int absSendTimeId) {
    /** The numbering every client of a room must share. */
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;

    boolean compatible() {
        return (opus == null || opus.payloadType() == OPUS_PT) && (vp8 == null || vp8.payloadType() == VP8_PT)
                && (audioLevelId == 0 || audioLevelId == 1) && (absSendTimeId == 0 || absSendTimeId == 2);
    }
}
