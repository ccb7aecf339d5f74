package io.prochat.rtc.sfu.sdp;

import java.util.List;

/**
 * Strict lexical helpers shared by the attribute parsers. Every failure is an
 * {@link SdpParseException}: network input must never surface as NumberFormatException or
 * IndexOutOfBoundsException.
 */
final class Tokens {
    private Tokens() {
    }

    /**
     * Splits on single spaces. An empty piece (two spaces, a leading or trailing space) is an error:
     * RFC 8866 separates fields with exactly one SP, and refusing the rest keeps writing exact.
     */
    static List<String> split(String value, String what) throws SdpParseException {
        List<String> parts = List.of(value.split(" ", -1));
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new SdpParseException("empty field (stray space) in " + what);
            }
        }
        return parts;
    }

    /** Decimal digits only (no sign, at most 18 digits so it fits a long), within [min, max]. */
    static long parseLong(String text, long min, long max, String what) throws SdpParseException {
        if (text.isEmpty() || text.length() > 18) {
            throw new SdpParseException("bad " + what + " \"" + text + "\"");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new SdpParseException("bad " + what + " \"" + text + "\"");
            }
            value = value * 10 + (c - '0');
        }
        if (value < min || value > max) {
            throw new SdpParseException(what + " " + value + " out of range " + min + ".." + max);
        }
        return value;
    }

    static int parseInt(String text, int min, int max, String what) throws SdpParseException {
        return (int) parseLong(text, min, max, what);
    }

    static int payloadType(String text) throws SdpParseException {
        return parseInt(text, 0, 127, "payload type");
    }

    /** RFC 8866 token-char: visible ASCII except the separators it excludes. */
    static boolean isToken(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D
                    || c == 0x2E || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A)
                    || (c >= 0x5E && c <= 0x7E);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Non-empty and free of spaces and control characters. */
    static boolean isWord(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/". */
    static boolean isIceChars(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String requireToken(String text, String what) throws SdpParseException {
        if (!isToken(text)) {
            throw new SdpParseException("bad " + what + " \"" + text + "\"");
        }
        return text;
    }

    static String requireWord(String text, String what) throws SdpParseException {
        if (!isWord(text)) {
            throw new SdpParseException("bad " + what + " \"" + text + "\"");
        }
        return text;
    }

    /** For record constructors: programmer errors when building descriptions by hand. */
    static String checkWord(String text, String what) {
        if (!isWord(text)) {
            throw new IllegalArgumentException("bad " + what + ": \"" + text + "\"");
        }
        return text;
    }

    /** Line text may hold anything but CR, LF and NUL (RFC 8866 §9 byte-string). */
    static String checkText(String text, String what) {
        if (text == null || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad " + what + ": \"" + text + "\"");
        }
        return text;
    }

    static void checkTextOrThrow(String text) throws SdpParseException {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            throw new SdpParseException("CR, LF or NUL inside a line");
        }
    }

    static void checkRange(long value, long min, long max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " out of range " + min + ".." + max);
        }
    }
}
