package io.prochat.rtc.sfu.sdp;

import java.util.List;

/** {@code t=<start> <stop>} (RFC 8866 §5.9); WebRTC always writes {@code t=0 0} (unbounded). */
public record Timing(long start, long stop) implements SdpField {
    public static final Timing UNBOUNDED = new Timing(0, 0);

    public Timing {
        Tokens.checkRange(start, 0, Long.MAX_VALUE, "start time");
        Tokens.checkRange(stop, 0, Long.MAX_VALUE, "stop time");
    }

    static Timing parse(String value) throws SdpParseException {
        List<String> parts = Tokens.split(value, "t=");
        if (parts.size() != 2) {
            throw new SdpParseException("t= needs \"<start> <stop>\"");
        }
        return new Timing(Tokens.parseLong(parts.get(0), 0, Long.MAX_VALUE, "start time"),
                Tokens.parseLong(parts.get(1), 0, Long.MAX_VALUE, "stop time"));
    }

    @Override
    public char letter() {
        return 't';
    }

    @Override
    public String fieldValue() {
        return start + " " + stop;
    }
}
