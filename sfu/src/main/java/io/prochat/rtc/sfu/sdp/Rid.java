package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=rid:<id> <send|recv> [<restrictions>]} (RFC 8851 §10), e.g. {@code a=rid:h send} in a
 * Chrome simulcast offer, or {@code a=rid:f send pt=96;max-width=1280}.
 *
 * @param id           the RtpStreamId: letters, digits, '-' and '_'
 * @param direction    send or recv
 * @param restrictions the {@code pt=...;max-width=...} text as written, or null
 */
public record Rid(String id, StreamDirection direction, String restrictions) implements SdpAttribute {
    public Rid {
        if (!validId(id)) {
            throw new IllegalArgumentException("bad rid: \"" + id + "\"");
        }
        if (direction == null) {
            throw new IllegalArgumentException("rid needs a direction");
        }
        if (restrictions != null) {
            Tokens.checkWord(restrictions, "rid restrictions");
        }
    }

    public Rid(String id, StreamDirection direction) {
        this(id, direction, null);
    }

    /** Parses the value after {@code a=rid:}. */
    public static Rid parse(String value) throws SdpParseException {
        String[] parts = value.split(" ", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new SdpParseException("rid needs \"<id> <send|recv> [<restrictions>]\"");
        }
        if (!validId(parts[0])) {
            throw new SdpParseException("bad rid \"" + parts[0] + "\"");
        }
        StreamDirection direction = StreamDirection.parse(parts[1]);
        String restrictions = parts.length == 3 ? Tokens.requireWord(parts[2], "rid restrictions") : null;
        return new Rid(parts[0], direction, restrictions);
    }

    /** RFC 8851 rid-id: 1*(ALPHA / DIGIT / "-" / "_"). */
    static boolean validId(String id) {
        if (id == null || id.isEmpty() || id.length() > 255) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String sdpName() {
        return "rid";
    }

    @Override
    public String sdpValue() {
        String base = id + " " + direction.token();
        return restrictions == null ? base : base + " " + restrictions;
    }
}
