package io.prochat.rtc.sfu.room;

import io.prochat.rtc.sfu.sdp.Fmtp;
import io.prochat.rtc.sfu.sdp.Rtpmap;

/**
 * The codecs and header extension ids of one client, read from its join offer and used for every m-line of its
 * session, including the ones carrying other people's tracks. Packets are forwarded without rewriting payload types
 * or extension ids, so this relies on every client numbering them alike, which Chromium does (Opus 111, VP8 96,
 * audio level 1, abs-send-time 2); a client that differs gets a refusal at join rather than garbled media.
 *
 * @param rtxPt the client's own payload type for RTX of VP8 ({@code apt=96}; Chromium numbers it 97), 0 when it
 *     offered VP8 without RTX; {@link #RTX_PT} when it offered no VP8 (receive-only) and does not use that number.
 *     Only retransmissions to this client carry it, each built for it alone, so unlike the others it need not match
 *     across the room; taking the client's number keeps it from clashing with its other codecs.
 * @param audioLevelId RFC 6464 extension id, 0 when not offered
 * @param absSendTimeId abs-send-time extension id (receivers' bandwidth estimation uses it), 0 when not offered
 * @param simulcast the screen share's simulcast, or null
 */
record SessionCodecs(Rtpmap opus, Fmtp opusFmtp, Rtpmap vp8, int rtxPt, int audioLevelId, int absSendTimeId,
        Simulcast simulcast) {
    /**
     * A simulcast screen share: its rids (low to high) and the extension ids that carry mid and rid (RFC 8843,
     * RFC 8852), negotiated for the whole session when the client offers simulcast, since layer SSRCs are bound
     * from them.
     */
    record Simulcast(java.util.List<String> rids, int midId, int ridId, int repairedRidId) {
        int[] hidden() {
            return new int[] {midId, ridId, repairedRidId};
        }
    }

    /** The numbering every client of a room must share. */
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;
    /** Chromium's number for RTX of VP8 96, offered to clients whose join did not show their own. */
    static final int RTX_PT = 97;

    boolean compatible() {
        return (opus == null || opus.payloadType() == OPUS_PT) && (vp8 == null || vp8.payloadType() == VP8_PT)
                && (audioLevelId == 0 || audioLevelId == 1) && (absSendTimeId == 0 || absSendTimeId == 2)
                && (simulcast == null || (simulcast.midId() == 4 && simulcast.ridId() == 10
                        && (simulcast.repairedRidId() == 0 || simulcast.repairedRidId() == 11)));
    }
}
