package io.prochat.rtc.sfu.echo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongUnaryOperator;

import io.prochat.rtc.sfu.LocalSdp;
import io.prochat.rtc.sfu.TransportDescription;
import io.prochat.rtc.sfu.dtls.DtlsSetup;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.sdp.Candidate;
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
import io.prochat.rtc.sfu.sdp.Rtpmap;
import io.prochat.rtc.sfu.sdp.SdpAttribute;
import io.prochat.rtc.sfu.sdp.SdpParseException;
import io.prochat.rtc.sfu.sdp.SessionDescription;
import io.prochat.rtc.sfu.sdp.Ssrc;
import io.prochat.rtc.sfu.sdp.SsrcGroup;
import io.prochat.rtc.sfu.sdp.Timing;

/**
 * The echo room's offer/answer on the typed SDP model: read a browser offer (BUNDLE, rtcp-mux, one transport), answer
 * its audio (Opus) and video (VP8) sections sendrecv with the offer's payload types and its data channel section,
 * reject anything else.
 */
final class EchoSdp {
    private static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";

    private EchoSdp() {
    }

    /** Parses an offer; {@link IllegalArgumentException} when it is not SDP or has no usable transport. */
    static SessionDescription parse(String offerSdp) {
        try {
            return SessionDescription.parse(offerSdp);
        } catch (SdpParseException e) {
            throw new IllegalArgumentException("bad offer: " + e.getMessage(), e);
        }
    }

    /** The peer's transport: from its first accepted section (BUNDLE: all share it). */
    static TransportDescription transport(SessionDescription offer) {
        MediaDescription first = offer.media().stream()
                .filter(m -> acceptedPayloadType(m) >= 0 || LocalSdp.isDataChannelOffer(m)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "offer has no Opus or VP8 section with rtcp-mux and no data channel"));
        String ufrag = offer.iceUfrag(first).orElseThrow(() -> new IllegalArgumentException("no a=ice-ufrag"));
        String pwd = offer.icePwd(first).orElseThrow(() -> new IllegalArgumentException("no a=ice-pwd"));
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (io.prochat.rtc.sfu.sdp.Fingerprint f : offer.fingerprints(first)) {
            fingerprints.add(new Fingerprint(f.hashFunction(), f.value()));
        }
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("no a=fingerprint");
        }
        DtlsSetup setup = offer.setup(first).map(r -> DtlsSetup.parse(r.sdpValue())).orElse(DtlsSetup.ACTPASS);
        List<IceCandidate> candidates = new ArrayList<>();
        for (SdpAttribute a : first.attributes()) {
            if (a instanceof Candidate) {
                candidates.add(IceCandidate.parse(a.line()));
            }
        }
        return new TransportDescription(ufrag, pwd, fingerprints, setup, candidates);
    }

    /** Whether the offer has a data channel section the echo takes. */
    static boolean hasDataChannel(SessionDescription offer) {
        return offer.media().stream().anyMatch(LocalSdp::isDataChannelOffer);
    }

    /**
     * The answer: every audio section with Opus and every video section with VP8 accepted sendrecv (the echo comes
     * back on the same m-line), a data channel section accepted, everything else rejected with port 0. The SSRCs we announce are the offer's, mapped.
     */
    static String answer(SessionDescription offer, TransportDescription local, LongUnaryOperator ssrcMap) {
        List<String> bundle = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            if (acceptedPayloadType(m) >= 0 || LocalSdp.isDataChannelOffer(m)) {
                bundle.add(m.mid().orElseThrow());
            }
        }
        SessionDescription.Builder answer = SessionDescription.builder()
                .origin(new Origin("-", Long.toString(System.nanoTime() & 0x7FFF_FFFF_FFFFL), 2, "IN", "IP4",
                        "127.0.0.1"))
                .sessionName("-")
                .field(Timing.UNBOUNDED);
        if (!bundle.isEmpty()) {
            answer.attribute(new Group(Group.BUNDLE, bundle));
        }
        answer.attribute("msid-semantic", " WMS echo");
        for (MediaDescription m : offer.media()) {
            int pt = acceptedPayloadType(m);
            if (LocalSdp.isDataChannelOffer(m)) {
                answer.media(LocalSdp.dataChannelAnswer(m.mid().orElseThrow(), local));
            } else {
                answer.media(pt < 0 ? LocalSdp.rejected(m) : accepted(m, pt, local, ssrcMap));
            }
        }
        return answer.build().toString();
    }


    private static MediaDescription accepted(MediaDescription m, int pt, TransportDescription local,
            LongUnaryOperator ssrcMap) {
        String mid = m.mid().orElseThrow();
        MediaDescription.Builder b = MediaDescription.builder(m.media(), 9, "UDP/TLS/RTP/SAVPF");
        b.payloadType(pt);
        b.connection(Connection.DUMMY);
        b.attribute("rtcp", "9 IN IP4 0.0.0.0");
        b.attribute(new IceUfrag(local.iceUfrag()));
        b.attribute(new IcePwd(local.icePwd()));
        b.attribute("ice-options", "trickle");
        for (Fingerprint f : local.fingerprints()) {
            b.attribute(new io.prochat.rtc.sfu.sdp.Fingerprint(f.hashFunction(), f.value()));
        }
        b.attribute(LocalSdp.setupRole(local.setup()));
        b.attribute(new Mid(mid));
        m.extmap(MID_URI).ifPresent(e -> b.attribute(new Extmap(e.id(), null, e.uri(), null)));
        b.attribute(Direction.SENDRECV);
        b.attribute(new Msid("echo", "echo-" + mid));
        b.flag("rtcp-mux");
        if ("video".equals(m.media())) {
            b.flag("rtcp-rsize");
        }
        Rtpmap rtpmap = m.rtpmap(pt).orElseThrow();
        b.attribute(rtpmap);
        m.fmtp(pt).ifPresent(b::attribute);
        for (RtcpFb fb : m.rtcpFeedback(pt)) {
            // no congestion-control feedback: the echo generates neither transport-cc nor REMB
            if (fb.payloadType() == pt && ("nack".equals(fb.type()) || "ccm".equals(fb.type()))) {
                b.attribute(fb);
            }
        }
        Set<Long> secondaries = new HashSet<>();
        for (SsrcGroup g : m.ssrcGroups()) {
            if ("FID".equals(g.semantics()) || "FEC-FR".equals(g.semantics())) {
                secondaries.addAll(g.ssrcs().subList(1, g.ssrcs().size()));
            }
        }
        Set<Long> announced = new HashSet<>();
        for (Ssrc s : m.ssrcs()) {
            if (!secondaries.contains(s.ssrc()) && announced.add(s.ssrc())) {
                long mapped = ssrcMap.applyAsLong(s.ssrc());
                b.attribute(new Ssrc(mapped, "cname", "echo"));
                b.attribute(new Ssrc(mapped, "msid", "echo echo-" + mid));
            }
        }
        for (IceCandidate c : local.candidates()) {
            b.attribute(LocalSdp.candidate(c));
        }
        b.flag("end-of-candidates");
        return b.build();
    }



    /** The payload type we accept for this section (Opus for audio, VP8 for video), or -1 to reject it. */
    static int acceptedPayloadType(MediaDescription m) {
        if (m.isRejected() || m.mid().isEmpty() || !m.rtcpMux()) {
            return -1;
        }
        String wanted = "audio".equals(m.media()) ? "opus" : "video".equals(m.media()) ? "vp8" : null;
        if (wanted == null) {
            return -1;
        }
        for (Rtpmap r : m.rtpmaps()) {
            if (r.encodingName().toLowerCase(Locale.ROOT).equals(wanted)) {
                return r.payloadType();
            }
        }
        return -1;
    }
}
