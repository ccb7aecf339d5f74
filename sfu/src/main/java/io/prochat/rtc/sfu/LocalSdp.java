package io.prochat.rtc.sfu;

import io.prochat.rtc.sfu.dtls.DtlsSetup;
import io.prochat.rtc.sfu.ice.IceCandidate;
import io.prochat.rtc.sfu.sdp.Connection;
import io.prochat.rtc.sfu.sdp.Direction;
import io.prochat.rtc.sfu.sdp.MediaDescription;
import io.prochat.rtc.sfu.sdp.Mid;
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
}
