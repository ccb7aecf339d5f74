package io.prochat.rtc.sfu.room;

import java.util.ArrayList;
import java.util.List;

import io.prochat.rtc.sfu.LocalSdp;
import io.prochat.rtc.sfu.TransportDescription;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.sdp.Connection;
import io.prochat.rtc.sfu.sdp.Direction;
import io.prochat.rtc.sfu.sdp.Extmap;
import io.prochat.rtc.sfu.sdp.Group;
import io.prochat.rtc.sfu.sdp.IcePwd;
import io.prochat.rtc.sfu.sdp.IceUfrag;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.Mid;
import io.prochat.rtc.sfu.sdp.Msid;
import io.prochat.rtc.sfu.sdp.Origin;
import io.prochat.rtc.sfu.sdp.RtcpFb;
import io.prochat.rtc.sfu.sdp.Rid;
import io.prochat.rtc.sfu.sdp.Simulcast;
import io.prochat.rtc.sfu.sdp.StreamDirection;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import io.prochat.rtc.sfu.sdp.SetupRole;
import io.prochat.rtc.sfu.sdp.Ssrc;
import io.prochat.rtc.sfu.sdp.SsrcGroup;
import io.prochat.rtc.sfu.sdp.Timing;

/**
 * Writes a participant's whole session, every slot in order (JSEP §5.2.2: m-lines are never removed or reordered):
 * the client's own tracks recvonly, others' tracks sendonly with their SSRC and msid, free slots inactive, refused
 * m-lines with port 0. The same writer makes the answer to the join offer and every later server offer.
 *
 * <p>Negotiated per m-line: Opus or VP8, audio level and abs-send-time only (so forwarded packets carry nothing the
 * receiver would misread, such as the sender's mid), and for video {@code goog-remb}, {@code ccm fir}, {@code nack},
 * {@code nack pli}: receivers estimate their downlink and send REMB, the SFU sends publishers REMB. On the m-lines
 * that carry others' tracks, to a client that offered it, transport-cc as well (the extension and
 * {@code a=rtcp-fb:<pt> transport-cc}): the SFU numbers what it sends and estimates the client's downlink itself from
 * the feedback (issue 14, {@code cc.TransportCcSender}); such a client stops sending REMB for those packets.
 *
 * <p>RTX (RFC 4588) only on the m-lines that carry others' video, and only to a client that offered it: there the
 * SFU answers NACKs from its cache on a separate SSRC ({@code a=ssrc-group:FID}). The client's own video is answered
 * VP8 alone: the SFU never NACKs a publisher, so RTX from it could only be padding and probes.
 */
final class SessionWriter {
    private SessionWriter() {
    }

    /** The answer to the join offer: our DTLS role as decided. */
    static String answer(Participant p, TransportDescription local) {
        return write(p, local, LocalSdp.setupRole(local.setup()));
    }

    /** A server offer; {@code actpass} as RFC 8842 §5.2 asks; the client keeps the DTLS role it has. */
    static String offer(Participant p, TransportDescription local) {
        return write(p, local, SetupRole.ACTPASS);
    }

    private static String write(Participant p, TransportDescription local, SetupRole setup) {
        List<String> bundle = new ArrayList<>();
        for (Slot s : p.slots) {
            if (s.refused == null) {
                bundle.add(s.mid);
            }
        }
        SessionDescription.Builder b = SessionDescription.builder()
                .origin(new Origin("-", Long.toString(p.sdpSessionId), p.sdpVersion, "IN", "IP4", "127.0.0.1"))
                .sessionName("-")
                .field(Timing.UNBOUNDED)
                .attribute(new Group(Group.BUNDLE, bundle))
                .attribute("msid-semantic", " WMS *");
        for (Slot s : p.slots) {
            b.media(s.refused != null ? LocalSdp.rejected(s.refused)
                    : s.application ? LocalSdp.dataChannel(s.mid, local, setup) : section(p, s, local, setup));
        }
        return b.build().toString();
    }

    private static void transport(MediaDescription.Builder b, TransportDescription local, SetupRole setup) {
        b.attribute(new IceUfrag(local.iceUfrag()));
        b.attribute(new IcePwd(local.icePwd()));
        b.attribute("ice-options", "trickle");
        for (Fingerprint f : local.fingerprints()) {
            b.attribute(new io.prochat.rtc.sfu.sdp.Fingerprint(f.hashFunction(), f.value()));
        }
        b.attribute(setup);
    }

    private static void candidates(MediaDescription.Builder b, TransportDescription local) {
        for (IceCandidate cand : local.candidates()) {
            b.attribute(LocalSdp.candidate(cand));
        }
        b.flag("end-of-candidates");
    }

    private static void extension(MediaDescription.Builder b, Slot s, int id, String uri) {
        if (s.answersExtension(uri)) {
            b.attribute(new Extmap(id, null, uri, null));
        }
    }

    private static MediaDescription section(Participant p, Slot s, TransportDescription local, SetupRole setup) {
        boolean video = "video".equals(s.media);
        SessionCodecs c = p.codecs;
        MediaDescription.Builder b = MediaDescription.builder(s.media, 9, "UDP/TLS/RTP/SAVPF");
        b.payloadType(video ? c.vp8Pt() : c.opusPt());
        boolean rtx = video && s.isRemote() && c.rtxPt() > 0;
        if (rtx) {
            b.payloadType(c.rtxPt());
        }
        b.connection(Connection.DUMMY);
        b.attribute("rtcp", "9 IN IP4 0.0.0.0");
        transport(b, local, setup);
        b.attribute(new Mid(s.mid));
        if (!video && c.audioLevelId() > 0) {
            extension(b, s, c.audioLevelId(), Extmap.AUDIO_LEVEL);
        }
        if (c.absSendTimeId() > 0) {
            extension(b, s, c.absSendTimeId(), Extmap.ABS_SEND_TIME);
        }
        boolean transportCc = s.isRemote() && c.transportCcId() > 0;
        if (transportCc) {
            b.attribute(new Extmap(c.transportCcId(), null, Extmap.TRANSPORT_CC, null));
        }
        SessionCodecs.Simulcast sim = c.simulcast();
        if (sim != null) { // the whole session, so BUNDLE maps every id the same way
            extension(b, s, sim.midId(), Extmap.SDES_MID);
            extension(b, s, sim.ridId(), Extmap.SDES_RTP_STREAM_ID);
            if (sim.repairedRidId() > 0) {
                extension(b, s, sim.repairedRidId(), Extmap.SDES_REPAIRED_RTP_STREAM_ID);
            }
        }
        Track t = s.track;
        // an own m-line whose track the client stopped (Calls) is answered inactive, as its offer no longer sends
        b.attribute(s.own != null ? (p.own.containsKey(s.own) ? Direction.RECVONLY : Direction.INACTIVE)
                : t != null ? Direction.SENDONLY : Direction.INACTIVE);
        if (t != null) {
            b.attribute(new Msid(t.streamId(), t.trackId()));
        }
        b.flag("rtcp-mux");
        b.flag("rtcp-rsize");
        if (video) {
            b.attribute(new io.prochat.rtc.sfu.sdp.Rtpmap(c.vp8Pt(), "VP8", 90000, 0));
            for (String[] fb : new String[][] {{"goog-remb", null}, {"ccm", "fir"}, {"nack", null}, {"nack", "pli"}}) {
                b.attribute(new RtcpFb(c.vp8Pt(), fb[0], fb[1]));
            }
            if (transportCc) {
                b.attribute(new RtcpFb(c.vp8Pt(), "transport-cc", null));
            }
            if (rtx) {
                b.attribute(new io.prochat.rtc.sfu.sdp.Rtpmap(c.rtxPt(), "rtx", 90000, 0));
                b.attribute(new io.prochat.rtc.sfu.sdp.Fmtp(c.rtxPt(), "apt=" + c.vp8Pt()));
            }
        } else {
            b.attribute(new io.prochat.rtc.sfu.sdp.Rtpmap(c.opusPt(), "opus", 48000, 2));
            b.attribute(new io.prochat.rtc.sfu.sdp.Fmtp(c.opusPt(),
                    c.opusFmtp() != null ? c.opusFmtp().parameters() : "minptime=10;useinbandfec=1"));
            if (transportCc) {
                b.attribute(new RtcpFb(c.opusPt(), "transport-cc", null));
            }
        }
        if (sim != null && s.own == TrackKind.SCREEN) {
            for (String rid : sim.rids()) {
                b.attribute(new Rid(rid, StreamDirection.RECV, null));
            }
            b.attribute(Simulcast.of(StreamDirection.RECV, sim.rids()));
        }
        if (t != null) {
            long ssrc = t.stream().ssrc();
            long rtxSsrc = rtx ? t.stream().rtxSsrc() : 0;
            if (rtxSsrc != 0) {
                b.attribute(new SsrcGroup("FID", List.of(ssrc, rtxSsrc)));
            }
            for (long x : rtxSsrc != 0 ? new long[] {ssrc, rtxSsrc} : new long[] {ssrc}) {
                b.attribute(new Ssrc(x, "cname", t.owner().id()));
                b.attribute(new Ssrc(x, "msid", t.streamId() + " " + t.trackId()));
            }
        }
        candidates(b, local);
        return b.build();
    }



}
