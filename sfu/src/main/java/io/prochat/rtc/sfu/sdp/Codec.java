package io.prochat.rtc.sfu.sdp;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One payload type of an RTP m-line with what describes it: its rtpmap (absent for a static payload
 * type written without one), fmtp and rtcp-fb lines ({@code *} feedback included). A derived view
 * built by {@link MediaDescription#codecs()}; it is not itself an SDP line.
 */
public record Codec(int payloadType, Rtpmap rtpmap, Fmtp fmtp, List<RtcpFb> feedback) {
    public Codec {
        Tokens.checkRange(payloadType, 0, 127, "payload type");
        feedback = List.copyOf(feedback);
    }

    /** The encoding name, or empty for a static payload type without rtpmap. */
    public Optional<String> encodingName() {
        return rtpmap == null ? Optional.empty() : Optional.of(rtpmap.encodingName());
    }

    /** Case-insensitive encoding name test, e.g. {@code is("VP8")}. */
    public boolean is(String encodingName) {
        return rtpmap != null && rtpmap.isEncoding(encodingName);
    }

    /** RTX (RFC 4588): a retransmission format whose {@link #apt()} names the original. */
    public boolean isRtx() {
        return is("rtx");
    }

    /** The payload type this format repairs ({@code apt} fmtp parameter), if any. */
    public OptionalInt apt() {
        return fmtp == null ? OptionalInt.empty() : fmtp.apt();
    }

    /** True if an rtcp-fb line of this type (and parameter, null for none) applies. */
    public boolean hasFeedback(String type, String parameter) {
        for (RtcpFb fb : feedback) {
            if (fb.type().equals(type) && java.util.Objects.equals(fb.parameter(), parameter)) {
                return true;
            }
        }
        return false;
    }
}
