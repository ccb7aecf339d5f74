package io.prochat.rtc.jitsi;

import java.nio.charset.StandardCharsets;

/**
 * Encodes Jitsi's config overrides in a URL fragment ({@code #config.subject="..."&userInfo.displayName="..."}).
 *
 * <p>Jitsi Meet reads each {@code key=value} pair of the fragment by splitting on {@code &} and
 * {@code =}, percent-decoding the value and parsing it as JSON. So a value is a JSON string that is
 * then percent-encoded, leaving only RFC 3986 unreserved characters unescaped; that keeps {@code &},
 * {@code =}, {@code #}, quotes and {@code %} in a title from ending the pair early or breaking the
 * link. Jitsi also turns typographic quotes into ASCII ones and {@code \&} into {@code &} before
 * parsing; writing those characters as {@code \\u} escapes keeps the JSON valid after that step.
 */
final class Fragments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Fragments() {
    }

    /** {@code key=<percent-encoded JSON string of value>}. */
    static String override(String key, String value) {
        return key + "=" + percentEncode(jsonString(value));
    }

    /** {@code value} as a JSON string literal, quotes included. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '&' || c == '\u2018' || c == '\u2019' || c == '\u201C'
                            || c == '\u201D' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** UTF-8 percent-encoding of everything except {@code A-Z a-z 0-9 - . _ ~}. */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
