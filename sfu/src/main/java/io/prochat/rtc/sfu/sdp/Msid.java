package io.prochat.rtc.sfu.sdp;

/**
 * {@code a=msid:<stream id> [<track id>]} (RFC 8830 §2): the MediaStream (and track) an m-line's
 * sender belongs to. Chrome writes {@code -} for a track without stream; Firefox writes brace-wrapped
 * UUIDs.
 *
 * @param streamId the MediaStream id
 * @param trackId  the track id ("appdata"), or null
 */
public record Msid(String streamId, String trackId) implements SdpAttribute {
    public Msid {
        if (!Tokens.isToken(streamId)) {
            throw new IllegalArgumentException("bad msid stream id: \"" + streamId + "\"");
        }
        if (trackId != null && !Tokens.isToken(trackId)) {
            throw new IllegalArgumentException("bad msid track id: \"" + trackId + "\"");
        }
    }

    /** Parses the value after {@code a=msid:}. */
    public static Msid parse(String value) throws SdpParseException {
        String[] parts = value.split(" ", -1);
        if (parts.length > 2) {
            throw new SdpParseException("msid has more than two ids");
        }
        String stream = Tokens.requireToken(parts[0], "msid stream id");
        String track = parts.length == 2 ? Tokens.requireToken(parts[1], "msid track id") : null;
        return new Msid(stream, track);
    }

    @Override
    public String sdpName() {
        return "msid";
    }

    @Override
    public String sdpValue() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }
}
