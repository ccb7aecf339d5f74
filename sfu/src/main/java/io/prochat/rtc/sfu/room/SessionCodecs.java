package io.prochat.rtc.sfu.room;

import io.prochat.rtc.sfu.rtp.RtpNumbering;
import io.prochat.rtc.sfu.sdp.Fmtp;
import io.prochat.rtc.sfu.sdp.Rtpmap;

/**
 * The codecs and header extension ids of one client, read from its join offer and used for every m-line of its
 * session, including the ones carrying other people's tracks. Clients number them as they like (Chromium: Opus 111,
 * VP8 96, audio level 1; Firefox: Opus 109, VP8 120); the room has one numbering of its own, Chromium's
 * ({@link #OPUS_PT}, {@link #VP8_PT}, {@link #RTX_PT}, {@link #AUDIO_LEVEL_ID} ...), and each client's packets are
 * put into it on the way in ({@link #inbound()}) and into the receiver's on the way out ({@link #outbound()}), so
 * the forwarding code, caches and RTX see one numbering, and a Chromium-only room rewrites nothing.
 *
 * @param rtxPt the client's own payload type for RTX of its VP8 (Chromium numbers it 97), 0 when it offered VP8
 *     without RTX; {@link #RTX_PT} when it offered no VP8 (receive-only) and does not use that number
 * @param audioLevelId RFC 6464 extension id, 0 when not offered
 * @param absSendTimeId abs-send-time extension id (receivers' bandwidth estimation uses it), 0 when not offered
 * @param simulcast the screen share's simulcast, or null
 * @param transportCcId the client's id for the transport-wide sequence number extension, 0 when not offered: the
 *     SFU then numbers what it sends the client and estimates its downlink from its transport-cc feedback (issue 14).
 *     Never negotiated on the client's own m-lines: the SFU does not send publishers transport-cc feedback, so they
 *     keep estimating from its REMB.
 */
record SessionCodecs(Rtpmap opus, Fmtp opusFmtp, Rtpmap vp8, int rtxPt, int audioLevelId, int absSendTimeId,
        Simulcast simulcast, int transportCcId) {
    /**
     * A simulcast screen share: its rids (low to high) and the extension ids that carry mid and rid (RFC 8843,
     * RFC 8852), negotiated for the whole session when the client offers simulcast, since layer SSRCs are bound
     * from them.
     */
    record Simulcast(java.util.List<String> rids, int midId, int ridId, int repairedRidId) {
        /** The ids receivers must not see, in the room's numbering (what packets carry once inside). */
        int[] hiddenInRoom() {
            return new int[] {MID_ID, RID_ID, repairedRidId > 0 ? RRID_ID : 0};
        }
    }

    /** The room's numbering: Chromium's, so Chromium clients need no rewriting. */
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;
    static final int RTX_PT = 97;
    static final int AUDIO_LEVEL_ID = 1;
    static final int ABS_SEND_TIME_ID = 2;
    /** Chromium's id for transport-cc; packets inside the room never carry it (each transport stamps its own). */
    static final int TRANSPORT_CC_ID = 3;
    static final int MID_ID = 4;
    static final int RID_ID = 10;
    static final int RRID_ID = 11;
    /** What hidden and unknown elements carry inside the room (HeaderExtensions.UNUSED_ID). */
    static final int UNUSED_ID = 14;

    /** The same numbering with the session's simulcast (rids and the extension ids that carry them). */
    SessionCodecs withSimulcast(Simulcast sim) {
        return new SessionCodecs(opus, opusFmtp, vp8, rtxPt, audioLevelId, absSendTimeId, sim, transportCcId);
    }

    /** The client's Opus payload type (one free in its offer when it offered no Opus, see RoomSdp). */
    int opusPt() {
        return opus != null ? opus.payloadType() : OPUS_PT;
    }

    /** The client's VP8 payload type (one free in its offer when it offered no VP8, see RoomSdp). */
    int vp8Pt() {
        return vp8 != null ? vp8.payloadType() : VP8_PT;
    }

    /** The client's numbering to the room's: applied to what it sends, once decrypted. */
    RtpNumbering inbound() {
        RtpNumbering.Builder b = new RtpNumbering.Builder(UNUSED_ID)
                .payloadType(opusPt(), OPUS_PT).payloadType(vp8Pt(), VP8_PT).payloadType(rtxPt, RTX_PT)
                .extension(audioLevelId, AUDIO_LEVEL_ID).extension(absSendTimeId, ABS_SEND_TIME_ID);
        if (simulcast != null) {
            b.extension(simulcast.midId(), MID_ID).extension(simulcast.ridId(), RID_ID)
                    .extension(simulcast.repairedRidId(), RRID_ID);
        }
        return b.build();
    }

    /** The room's numbering to the client's: applied to what it receives, before encryption. */
    RtpNumbering outbound() {
        RtpNumbering.Builder b = new RtpNumbering.Builder(unusedId())
                .payloadType(OPUS_PT, opusPt()).payloadType(VP8_PT, vp8Pt()).payloadType(RTX_PT, rtxPt)
                .extension(AUDIO_LEVEL_ID, audioLevelId).extension(ABS_SEND_TIME_ID, absSendTimeId);
        if (simulcast != null) {
            b.extension(MID_ID, simulcast.midId()).extension(RID_ID, simulcast.ridId())
                    .extension(RRID_ID, simulcast.repairedRidId());
        }
        return b.build();
    }

    /** An extension id this client did not negotiate with us, for elements it must skip. */
    private int unusedId() {
        for (int id = 14; id >= 1; id--) {
            boolean used = id == audioLevelId || id == absSendTimeId || id == transportCcId || simulcast != null
                    && (id == simulcast.midId() || id == simulcast.ridId() || id == simulcast.repairedRidId());
            if (!used) {
                return id;
            }
        }
        throw new IllegalStateException("no free extension id"); // six ids are negotiated at most
    }
}
