package io.prochat.rtc.sfu.sdp;

import java.util.List;

/**
 * {@code a=group:<semantics> <mid>...} (RFC 5888 §5), in WebRTC always {@code BUNDLE} (RFC 9143):
 * the listed m-lines share one transport, the first being the tagged one.
 */
public record Group(String semantics, List<String> mids) implements SdpAttribute {
    public static final String BUNDLE = "BUNDLE";

    public Group {
        if (!Tokens.isToken(semantics)) {
            throw new IllegalArgumentException("bad group semantics: \"" + semantics + "\"");
        }
        mids = List.copyOf(mids);
        for (String mid : mids) {
            if (!Tokens.isToken(mid)) {
                throw new IllegalArgumentException("bad mid in group: \"" + mid + "\"");
            }
        }
    }

    /** Parses the value after {@code a=group:}. */
    public static Group parse(String value) throws SdpParseException {
        List<String> parts = Tokens.split(value, "group");
        for (String part : parts) {
            Tokens.requireToken(part, "group member");
        }
        return new Group(parts.get(0), parts.subList(1, parts.size()));
    }

    public boolean isBundle() {
        return BUNDLE.equals(semantics);
    }

    @Override
    public String sdpName() {
        return "group";
    }

    @Override
    public String sdpValue() {
        return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
    }
}
