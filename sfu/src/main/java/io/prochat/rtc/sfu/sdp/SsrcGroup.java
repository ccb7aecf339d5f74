package io.prochat.rtc.sfu.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576 §4.2). Chrome sends {@code FID <media> <rtx>}
 * (RFC 4588) for each non-simulcast video sender, and {@code SIM} for legacy SSRC simulcast.
 *
 * @param semantics e.g. {@code FID}, {@code SIM}, {@code FEC-FR}
 * @param ssrcs     the member SSRCs in order
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) implements SdpAttribute {
    public SsrcGroup {
        if (!Tokens.isToken(semantics)) {
            throw new IllegalArgumentException("bad ssrc-group semantics: \"" + semantics + "\"");
        }
        ssrcs = List.copyOf(ssrcs);
        for (long ssrc : ssrcs) {
            Tokens.checkRange(ssrc, 0, 0xFFFF_FFFFL, "ssrc");
        }
    }

    /** Parses the value after {@code a=ssrc-group:}. */
    public static SsrcGroup parse(String value) throws SdpParseException {
        List<String> parts = Tokens.split(value, "ssrc-group");
        String semantics = Tokens.requireToken(parts.get(0), "ssrc-group semantics");
        List<Long> ssrcs = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            ssrcs.add(Tokens.parseLong(part, 0, 0xFFFF_FFFFL, "ssrc"));
        }
        return new SsrcGroup(semantics, ssrcs);
    }

    @Override
    public String sdpName() {
        return "ssrc-group";
    }

    @Override
    public String sdpValue() {
        StringBuilder text = new StringBuilder(semantics);
        for (long ssrc : ssrcs) {
            text.append(' ').append(ssrc);
        }
        return text.toString();
    }
}
