package io.prochat.rtc.sfu.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Line-by-line reader behind {@link SessionDescription#parse(String)}. It checks what RFC 8866 §5
 * fixes (v=0, o=, s= first; known type letters only, §5 says to refuse unknown ones; fields before
 * attributes in each section) and leaves the order of the optional fields as it finds it.
 */
final class SdpParser {
    private final List<SdpField> sessionFields = new ArrayList<>();
    private final List<SdpAttribute> sessionAttributes = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();
    private MediaDescription.Builder current;
    private boolean sawAttribute;
    private boolean sawConnection;

    private SdpParser() {
    }

    static SessionDescription parse(String sdp) throws SdpParseException {
        if (sdp == null || sdp.isEmpty()) {
            throw new SdpParseException("empty SDP, expected v=0", 1, "");
        }
        List<String> lines = splitLines(sdp);
        while (lines.size() > 3 && liberal(lines.get(lines.size() - 1)).isEmpty()) {
            lines.remove(lines.size() - 1); // blank lines at the end (a doubled line end): nothing to read
        }
        SdpParser parser = new SdpParser();
        Origin origin = null;
        String sessionName = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = liberal(lines.get(i));
            int number = i + 1;
            try {
                if (i == 0) {
                    expectFirst(line);
                } else if (i == 1) {
                    origin = Origin.parse(valueOf(line, 'o', "second line must be o="));
                } else if (i == 2) {
                    sessionName = valueOf(line, 's', "third line must be s=");
                } else {
                    parser.line(line);
                }
            } catch (SdpParseException e) {
                throw e.atLine(number, line);
            } catch (IllegalArgumentException e) {
                // A record constructor refused a value the grammar let through.
                throw new SdpParseException(e.getMessage(), number, line);
            }
        }
        if (origin == null || sessionName == null) {
            int number = lines.size() + 1;
            throw new SdpParseException(origin == null ? "missing o= line" : "missing s= line", number, "");
        }
        parser.finishMedia();
        return new SessionDescription(origin, sessionName, parser.sessionFields, parser.sessionAttributes,
                parser.media);
    }

    /**
     * Liberal in what we accept where no meaning changes (issue 11, item 11): spaces and tabs at the end of a line
     * are dropped, so Pion's {@code a=rtcp-fb:111 transport-cc } (a trailing space) reads like Chrome's line. Free
     * text keeps its spaces: {@code s= } (a session name of one space) and {@code i=} are left alone.
     */
    private static String liberal(String line) {
        if (line.startsWith("s=") || line.startsWith("i=")) {
            return line;
        }
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return end == line.length() ? line : line.substring(0, end);
    }

    /** Splits on LF, dropping one CR before it; a final line end does not open an empty line. */
    private static List<String> splitLines(String sdp) {
        List<String> lines = new ArrayList<>();
        int pos = 0;
        while (pos < sdp.length()) {
            int lf = sdp.indexOf('\n', pos);
            int end = lf < 0 ? sdp.length() : lf;
            int stop = end > pos && sdp.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(sdp.substring(pos, stop));
            pos = end + 1;
        }
        return lines;
    }

    private static void expectFirst(String line) throws SdpParseException {
        if (!line.startsWith("v=")) {
            throw new SdpParseException("first line must be v=0");
        }
        if (!"v=0".equals(line)) {
            throw new SdpParseException("unsupported SDP version, expected v=0");
        }
    }

    private static String valueOf(String line, char letter, String problem) throws SdpParseException {
        if (line.length() < 2 || line.charAt(0) != letter || line.charAt(1) != '=') {
            throw new SdpParseException(problem);
        }
        String value = line.substring(2);
        Tokens.checkTextOrThrow(value);
        return value;
    }

    private void line(String line) throws SdpParseException {
        if (line.length() < 2 || line.charAt(1) != '=') {
            throw new SdpParseException(line.isEmpty() ? "empty line" : "expected <type>=<value>");
        }
        char letter = line.charAt(0);
        String value = line.substring(2);
        Tokens.checkTextOrThrow(value);
        switch (letter) {
            case 'a':
                attribute(value);
                return;
            case 'm':
                finishMedia();
                current = mediaLine(value);
                sawAttribute = false;
                sawConnection = false;
                return;
            case 'v':
            case 'o':
            case 's':
                throw new SdpParseException(letter + "= may appear only once, at the top");
            default:
                field(letter, value);
        }
    }

    private void attribute(String value) throws SdpParseException {
        int colon = value.indexOf(':');
        SdpAttribute attribute = colon < 0
                ? AttributeParser.parse(value, null)
                : AttributeParser.parse(value.substring(0, colon), value.substring(colon + 1));
        sawAttribute = true;
        if (current == null) {
            sessionAttributes.add(attribute);
        } else {
            current.attribute(attribute);
        }
    }

    private void field(char letter, String value) throws SdpParseException {
        boolean inMedia = current != null;
        String allowed = inMedia ? "icbk" : "iuepcbtrzk";
        if (allowed.indexOf(letter) < 0) {
            throw new SdpParseException(letter >= 'a' && letter <= 'z'
                    ? letter + "= is not allowed " + (inMedia ? "in a media section" : "at session level")
                    : "bad line type '" + letter + "'");
        }
        if (sawAttribute) {
            throw new SdpParseException(letter + "= after a= lines (attributes come last in a section)");
        }
        if (letter == 'c' && !inMedia && sawConnection) {
            throw new SdpParseException("more than one session-level c=");
        }
        SdpField field;
        switch (letter) {
            case 'c':
                sawConnection = true;
                field = Connection.parse(value);
                break;
            case 'b':
                field = Bandwidth.parse(value);
                break;
            case 't':
                field = Timing.parse(value);
                break;
            default:
                field = new GenericField(letter, value);
        }
        if (inMedia) {
            current.field(field);
        } else {
            sessionFields.add(field);
        }
    }

    private static MediaDescription.Builder mediaLine(String value) throws SdpParseException {
        List<String> parts = Tokens.split(value, "m=");
        if (parts.size() < 4) {
            throw new SdpParseException("m= needs \"<media> <port> <proto> <fmt> ...\"");
        }
        String mediaType = Tokens.requireToken(parts.get(0), "media type");
        String portText = parts.get(1);
        int slash = portText.indexOf('/');
        int port = Tokens.parseInt(slash < 0 ? portText : portText.substring(0, slash), 0, 65535, "m= port");
        int count = slash < 0 ? 0 : Tokens.parseInt(portText.substring(slash + 1), 1, 65535, "m= port count");
        String protocol = Tokens.requireWord(parts.get(2), "m= protocol");
        boolean rtp = MediaDescription.isRtpProtocol(protocol);
        MediaDescription.Builder builder = MediaDescription.builder(mediaType, port, protocol).portCount(count);
        for (String format : parts.subList(3, parts.size())) {
            if (rtp && !MediaDescription.isPayloadType(format)) {
                throw new SdpParseException("bad payload type \"" + format + "\" in m= line");
            }
            builder.format(Tokens.requireWord(format, "m= format"));
        }
        return builder;
    }

    private void finishMedia() {
        if (current != null) {
            media.add(current.build());
            current = null;
        }
    }
}
