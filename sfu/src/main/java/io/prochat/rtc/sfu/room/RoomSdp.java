package io.prochat.rtc.sfu.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.prochat.rtc.sfu.TransportDescription;
import io.prochat.rtc.sfu.dtls.DtlsSetup;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.sdp.Candidate;
import io.prochat.rtc.sfu.sdp.Codec;
import io.prochat.rtc.sfu.sdp.Extmap;
import io.prochat.rtc.sfu.sdp.Fmtp;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.Rtpmap;
import io.prochat.rtc.sfu.sdp.SdpAttribute;
import io.prochat.rtc.sfu.sdp.SdpParseException;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import io.prochat.rtc.sfu.sdp.Ssrc;
import io.prochat.rtc.sfu.sdp.SsrcGroup;

/** Reads a client's join offer: its transport, codecs, and one slot per m-line with the SSRC it will send. */
final class RoomSdp {
    record Join(TransportDescription remote, SessionCodecs codecs, List<Slot> slots, Map<TrackKind, Long> ssrcs) {
    }

    private RoomSdp() {
    }

    /** @throws IllegalArgumentException when the offer is unusable, naming why */
    static Join parseJoin(String sdp, Map<String, String> tracks) {
        return parseJoin(parse(sdp), tracks, false);
    }

    /**
     * A Calls client's join: its m-lines classified by MediaStream id ({@link #kinds}), and its data channel
     * m-line kept. Its first offer usually holds nothing else.
     */
    static Join parseCallsJoin(String sdp, String screenStreamId, String videoStreamId) {
        SessionDescription offer = parse(sdp);
        Map<String, String> tracks = new HashMap<>();
        for (Line l : lines(offer, screenStreamId, videoStreamId)) {
            if (l.sends() && l.kind() != TrackKind.UNKNOWN) {
                tracks.put(l.mid(), l.kind().wireName());
            }
        }
        return parseJoin(offer, tracks, true);
    }

    static SessionDescription parse(String sdp) {
        try {
            return SessionDescription.parse(sdp);
        } catch (SdpParseException | RuntimeException e) {
            throw new IllegalArgumentException("bad offer: " + e.getMessage(), e);
        }
    }

    /**
     * One m-line of a Calls client's offer as the room reads it.
     *
     * @param kind what it sends, by its MediaStream id: audio is the microphone unless it belongs to the announced
     *     screen stream; video is the screen share or the camera when it belongs to the stream announced for it,
     *     otherwise {@link TrackKind#UNKNOWN} (refused, as rtcd refuses it)
     * @param ssrc its media SSRC, -1 when it declares none
     */
    record Line(MediaDescription m, String mid, boolean application, boolean sends, TrackKind kind, long ssrc) {
    }

    static List<Line> lines(SessionDescription offer, String screenStreamId, String videoStreamId) {
        List<Line> out = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            String mid = m.mid().orElse("");
            boolean application = "application".equals(m.media()) && !m.isRejected() && !mid.isEmpty();
            boolean rtp = usable(m) && m.isRtp();
            boolean sends = rtp && offer.direction(m).sends();
            TrackKind kind = TrackKind.UNKNOWN;
            if (sends) {
                String stream = streamId(m);
                boolean screen = stream != null && stream.equals(screenStreamId);
                if ("audio".equals(m.media())) {
                    kind = screen ? TrackKind.SCREEN_AUDIO : TrackKind.MIC;
                } else if ("video".equals(m.media())) {
                    kind = screen ? TrackKind.SCREEN
                            : stream != null && stream.equals(videoStreamId) ? TrackKind.CAMERA : TrackKind.UNKNOWN;
                }
            }
            out.add(new Line(m, mid, application, sends, kind, sends ? primarySsrc(m) : -1));
        }
        return out;
    }

    /** The m-line's MediaStream id: from {@code a=msid}, else from an {@code a=ssrc:<n> msid:} line. */
    private static String streamId(MediaDescription m) {
        if (m.msid().isPresent()) {
            return m.msid().get().streamId();
        }
        for (Ssrc s : m.ssrcs()) {
            if ("msid".equals(s.attribute()) && s.value() != null) {
                return s.value().split(" ", 2)[0];
            }
        }
        return null;
    }

    private static Join parseJoin(SessionDescription offer, Map<String, String> tracks, boolean dataChannel) {
        List<Slot> slots = new ArrayList<>();
        Map<TrackKind, Long> ssrcs = new HashMap<>();
        MediaDescription first = null;
        Rtpmap opus = null;
        Fmtp opusFmtp = null;
        Rtpmap vp8 = null;
        int audioLevel = 0;
        int absSendTime = 0;
        int transportCc = 0;
        SessionCodecs.Simulcast simulcast = null;
        boolean anyRtp = false;
        boolean application = false;
        for (MediaDescription m : offer.media()) {
            anyRtp |= m.isRtp() && !m.isRejected();
            if (dataChannel && !application && "application".equals(m.media()) && !m.isRejected()
                    && m.mid().isPresent()) {
                application = true;
                slots.add(Slot.application(m.mid().get()));
                first = first == null ? m : first;
                continue;
            }
            TrackKind kind = TrackKind.parse(m.mid().map(tracks::get).orElse(null));
            Rtpmap codec = usable(m) ? codec(m, kind.isVideo() ? "vp8" : "opus") : null;
            if (kind == TrackKind.UNKNOWN || !kind.media().equals(m.media()) || codec == null
                    || ssrcs.containsKey(kind)) {
                slots.add(Slot.refused(m));
                continue;
            }
            if (first == null) {
                first = m;
            }
            if (kind.isVideo()) {
                vp8 = vp8 == null ? codec : vp8;
            } else if (opus == null) {
                opus = codec;
                opusFmtp = m.fmtp(codec.payloadType()).orElse(null);
                audioLevel = m.extmap(Extmap.AUDIO_LEVEL).map(Extmap::id).orElse(0);
            }
            if (absSendTime == 0) {
                absSendTime = m.extmap(Extmap.ABS_SEND_TIME).map(Extmap::id).orElse(0);
            }
            if (transportCc == 0) {
                transportCc = m.extmap(Extmap.TRANSPORT_CC).map(Extmap::id).orElse(0);
            }
            long ssrc = primarySsrc(m);
            if (kind == TrackKind.SCREEN && simulcast == null) {
                simulcast = simulcast(m);
            }
            if (ssrc >= 0) {
                ssrcs.put(kind, ssrc);
            } else if (kind == TrackKind.SCREEN && simulcast != null) {
                ssrcs.put(kind, -1L); // layers are bound from their rid as they arrive
            }
            slots.add(Slot.own(m, m.mid().orElseThrow(), kind));
        }
        if (first == null) {
            throw new IllegalArgumentException(dataChannel
                    ? "the offer has neither a data channel nor a usable track (Opus or VP8 with rtcp-mux)"
                    : "the offer has no usable track (Opus or VP8 with rtcp-mux, named in tracks)");
        }
        if (!anyRtp) {
            // a data-channel-only offer numbers no extension: the room's numbering, which our offers then teach it
            audioLevel = SessionCodecs.AUDIO_LEVEL_ID;
            absSendTime = SessionCodecs.ABS_SEND_TIME_ID;
            transportCc = SessionCodecs.TRANSPORT_CC_ID;
        }
        // A client that sends no audio or no video still receives others': number those codecs where it has room.
        if (opus == null) {
            opus = new Rtpmap(freePayloadType(offer, SessionCodecs.OPUS_PT), "opus", 48000, 2);
        }
        if (vp8 == null) {
            vp8 = new Rtpmap(freePayloadType(offer, SessionCodecs.VP8_PT), "VP8", 90000, 0);
        }
        SessionCodecs codecs = new SessionCodecs(opus, opusFmtp, vp8, rtxNumbering(offer), audioLevel, absSendTime,
                simulcast, transportCc);
        return new Join(transport(offer, first), codecs, slots, ssrcs);
    }

    /** Simulcast as Chromium offers it: {@code a=rid:<id> send} per layer and {@code a=simulcast:send l;h}. */
    static SessionCodecs.Simulcast simulcast(MediaDescription m) {
        if (m.simulcast().isEmpty() || m.simulcast().get().sendRids().size() < 2) {
            return null;
        }
        int mid = m.extmap(Extmap.SDES_MID).map(Extmap::id).orElse(0);
        int rid = m.extmap(Extmap.SDES_RTP_STREAM_ID).map(Extmap::id).orElse(0);
        int rrid = m.extmap(Extmap.SDES_REPAIRED_RTP_STREAM_ID).map(Extmap::id).orElse(0);
        if (mid == 0 || rid == 0) {
            return null; // without them the layers' SSRCs cannot be told apart
        }
        return new SessionCodecs.Simulcast(m.simulcast().get().sendRids(), mid, rid, rrid);
    }

    /**
     * The client's payload type for RTX of its VP8, from the first video m-line with VP8 of its offer (also one we refuse: the numbering
     * is the client's either way); 0 when it offers VP8 without RTX; Chromium's {@link SessionCodecs#RTX_PT} when it
     * offers no VP8 at all (receive-only) and leaves that number free.
     */
    private static int rtxNumbering(SessionDescription offer) {
        for (MediaDescription m : offer.media()) {
            Rtpmap vp8 = m.isRtp() ? codec(m, "vp8") : null;
            if (vp8 != null) {
                return rtxPayloadType(m, vp8.payloadType());
            }
        }
        return usesPayloadType(offer, SessionCodecs.RTX_PT) ? 0 : SessionCodecs.RTX_PT;
    }

    /** {@code preferred} when the offer leaves it free, else the first free dynamic type (never the RTX default). */
    private static int freePayloadType(SessionDescription offer, int preferred) {
        if (!usesPayloadType(offer, preferred)) {
            return preferred;
        }
        for (int pt = 96; pt <= 127; pt++) {
            if (pt != SessionCodecs.RTX_PT && !usesPayloadType(offer, pt)) {
                return pt;
            }
        }
        return preferred; // all 32 dynamic types taken: nothing better to offer
    }

    private static boolean usesPayloadType(SessionDescription sdp, int pt) {
        for (MediaDescription m : sdp.media()) {
            if (m.isRtp() && m.payloadTypes().contains(pt)) {
                return true;
            }
        }
        return false;
    }

    /** The payload type of m's RTX format repairing {@code apt}, 0 for none. */
    private static int rtxPayloadType(MediaDescription m, int apt) {
        for (Codec c : m.codecs()) {
            if (c.isRtx() && c.apt().orElse(-1) == apt) {
                return c.payloadType();
            }
        }
        return 0;
    }

    /**
     * The mids of the m-lines where a client's answer kept our RTX format ({@code rtxPt} repairing {@code vp8Pt}): only their
     * NACKs are answered as RTX. An answer we cannot read keeps none, and retransmissions go out as before.
     */
    /** The ICE ufrag and password of an answer's first usable m-line, or null when it has none (or does not parse). */
    static String[] iceCredentials(String answer) {
        try {
            SessionDescription sdp = SessionDescription.parse(answer);
            for (MediaDescription m : sdp.media()) {
                if (usable(m)) {
                    String ufrag = sdp.iceUfrag(m).orElse(null);
                    String pwd = sdp.icePwd(m).orElse(null);
                    return ufrag == null || pwd == null ? null : new String[] {ufrag, pwd};
                }
            }
        } catch (SdpParseException | RuntimeException e) {
            return null;
        }
        return null;
    }

    static Set<String> rtxAccepted(String answer, int vp8Pt, int rtxPt) {
        if (rtxPt == 0 || answer == null) {
            return Set.of();
        }
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(answer);
        } catch (SdpParseException | RuntimeException e) {
            return Set.of();
        }
        Set<String> mids = new HashSet<>();
        for (MediaDescription m : sdp.media()) {
            if (usable(m) && rtxPayloadType(m, vp8Pt) == rtxPt) {
                mids.add(m.mid().get());
            }
        }
        return mids;
    }

    private static boolean usable(MediaDescription m) {
        return !m.isRejected() && m.mid().isPresent() && m.rtcpMux();
    }

    private static Rtpmap codec(MediaDescription m, String name) {
        for (Rtpmap r : m.rtpmaps()) {
            if (r.encodingName().toLowerCase(Locale.ROOT).equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** The media SSRC: the first a=ssrc that is not the second of an FID (RTX) or FEC-FR group. */
    static long primarySsrc(MediaDescription m) {
        Set<Long> secondaries = new HashSet<>();
        for (SsrcGroup g : m.ssrcGroups()) {
            secondaries.addAll(g.ssrcs().subList(1, g.ssrcs().size()));
        }
        for (Ssrc s : m.ssrcs()) {
            if (!secondaries.contains(s.ssrc())) {
                return s.ssrc();
            }
        }
        return -1;
    }

    private static TransportDescription transport(SessionDescription offer, MediaDescription m) {
        String ufrag = offer.iceUfrag(m).orElseThrow(() -> new IllegalArgumentException("no a=ice-ufrag"));
        String pwd = offer.icePwd(m).orElseThrow(() -> new IllegalArgumentException("no a=ice-pwd"));
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (io.prochat.rtc.sfu.sdp.Fingerprint f : offer.fingerprints(m)) {
            fingerprints.add(new Fingerprint(f.hashFunction(), f.value()));
        }
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("no a=fingerprint");
        }
        DtlsSetup setup = offer.setup(m).map(r -> DtlsSetup.parse(r.sdpValue())).orElse(DtlsSetup.ACTPASS);
        List<IceCandidate> candidates = new ArrayList<>();
        for (SdpAttribute a : m.attributes()) {
            if (a instanceof Candidate) {
                candidates.add(IceCandidate.parse(a.line()));
            }
        }
        return new TransportDescription(ufrag, pwd, fingerprints, setup, candidates);
    }
}
