package io.prochat.rtc.sfu.sdp;

/**
 * SDP text that does not follow RFC 8866 or the grammar of one of the attributes this package types.
 *
 * <p>When the text came from {@link SessionDescription#parse(String)}, {@link #lineNumber()} is the
 * 1-based number of the offending line and {@link #line()} its text; the message then reads
 * {@code line 7: bad port "x" in m= line (m=audio x UDP/TLS/RTP/SAVPF 111)}. When a single value was
 * parsed on its own (for example a trickled {@link Candidate}), the line number is 0.
 */
public final class SdpParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int lineNumber;
    private final String line;

    /** A problem found in a single value, not yet placed on a line. */
    public SdpParseException(String reason) {
        this(reason, 0, null, null);
    }

    /** A problem on line {@code lineNumber} (1-based) whose text is {@code line}. */
    public SdpParseException(String reason, int lineNumber, String line) {
        this(reason, lineNumber, line, null);
    }

    private SdpParseException(String reason, int lineNumber, String line, Throwable cause) {
        super(lineNumber > 0 ? "line " + lineNumber + ": " + reason + " (" + shorten(line) + ")" : reason, cause);
        this.reason = reason;
        this.lineNumber = lineNumber;
        this.line = line;
    }

    /** The same problem, placed on a line of a document. */
    SdpParseException atLine(int number, String text) {
        return new SdpParseException(reason, number, text, this);
    }

    /** What is wrong, without the line. */
    public String reason() {
        return reason;
    }

    /** 1-based number of the offending line, or 0 when no document was being parsed. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line as received (without its line ending), or null. */
    public String line() {
        return line;
    }

    // Offers can carry kilobyte-long lines; keep log messages readable.
    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
