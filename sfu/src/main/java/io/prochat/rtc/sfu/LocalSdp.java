package io.prochat.rtc.sfu;

import io.prochat.rtc.sfu.dtls.DtlsSetup;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.sctp.SctpConfig;
import io.prochat.rtc.sfu.sdp.Connection;
import io.prochat.rtc.sfu.sdp.Direction;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.IcePwd;
import io.prochat.rtc.sfu.sdp.IceUfrag;
import io.prochat.rtc.sfu.sdp.MaxMessageSize;
import io.prochat.rtc.sfu.sdp.Mid;
import io.prochat.rtc.sfu.sdp.SctpPort;
import io.prochat.rtc.sfu.sdp.SdpAttribute;
import io.prochat.rtc.sfu.sdp.SdpParseException;
import io.prochat.rtc.sfu.sdp.SetupRole;

import java.util.List;

/** The pieces of our own SDP that the echo answer and the room offers write the same way. */
public final class LocalSdp {
    private LocalSdp() {
    }

    /** An m-line we do not take: port 0, one format kept (the grammar wants one), inactive (RFC 8829 §5.3.1). */
    public static MediaDescription rejected(MediaDescription m) {
        MediaDescription.Builder b = MediaDescription.builder(m.media(), 0, m.protocol());
        b.formats(m.formats().isEmpty() ? List.of("0") : List.of(m.formats().get(0)));
        b.connection(Connection.DUMMY);
        m.mid().ifPresent(mid -> b.attribute(new Mid(mid)));
        b.attribute(Direction.INACTIVE);
        return b.build();
    }

    /** One of our ICE candidates as an {@code a=candidate} attribute. */
    public static SdpAttribute candidate(IceCandidate c) {
        try {
            return SdpAttribute.parse("a=" + c.toSdpValue());
        } catch (SdpParseException e) {
            throw new IllegalStateException("our own candidate does not parse: " + c, e);
        }
    }

    /** Our DTLS setup as the SDP attribute. */
    public static SetupRole setupRole(DtlsSetup setup) {
        return switch (setup) {
            case ACTIVE -> SetupRole.ACTIVE;
            case PASSIVE -> SetupRole.PASSIVE;
            default -> SetupRole.ACTPASS;
        };
    }

    /**
     * Our answer to an offer's data channel section (RFC 8841 §5, JSEP §5.3.1): {@code m=application 9
     * UDP/DTLS/SCTP webrtc-datachannel} on the shared transport, with {@code a=sctp-port:5000} and our
     * {@code a=max-message-size} ({@link SctpConfig#MAX_MESSAGE_SIZE}), the offer's mid, and our ICE and DTLS
     * attributes and candidates. Sessions that answer it call {@link MediaTransport#enableDataChannels}.
     */
    public static MediaDescription dataChannelAnswer(String mid, TransportDescription local) {
        return dataChannel(mid, local, setupRole(local.setup()));
    }

    /** The data channel m-line with our transport, in any offer or answer ({@code setup} as the role calls for). */
    public static MediaDescription dataChannel(String mid, TransportDescription local, SetupRole setup) {
        MediaDescription.Builder b = MediaDescription.builder("application", 9, "UDP/DTLS/SCTP");
        b.formats(List.of("webrtc-datachannel"));
        b.connection(Connection.DUMMY);
        b.attribute(new IceUfrag(local.iceUfrag()));
        b.attribute(new IcePwd(local.icePwd()));
        b.attribute("ice-options", "trickle");
        for (Fingerprint f : local.fingerprints()) {
            b.attribute(new io.prochat.rtc.sfu.sdp.Fingerprint(f.hashFunction(), f.value()));
        }
        b.attribute(setup);
        b.attribute(new Mid(mid));
        b.attribute(new SctpPort(SctpConfig.defaults().port()));
        b.attribute(new MaxMessageSize(SctpConfig.MAX_MESSAGE_SIZE));
        for (IceCandidate c : local.candidates()) {
            b.attribute(candidate(c));
        }
        b.flag("end-of-candidates");
        return b.build();
    }

    /** Whether an offered section is a data channel we can take: SCTP over DTLS, not rejected, with a mid. */
    public static boolean isDataChannelOffer(MediaDescription m) {
        return "application".equals(m.media()) && !m.isRejected() && m.mid().isPresent()
                && m.protocol().endsWith("DTLS/SCTP") && m.formats().contains("webrtc-datachannel");
    }
}
