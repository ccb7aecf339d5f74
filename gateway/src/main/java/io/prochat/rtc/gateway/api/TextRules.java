package io.prochat.rtc.gateway.api;

/**
 * What any text from outside (API bodies, slash-command forms, button clicks) must be before it is stored or shown:
 * within its store column's length, free of control characters (C0, DEL, C1), of bidirectional embedding, override
 * and isolate characters (U+202A to U+202E, U+2066 to U+2069, which can make a title read backwards, "Trojan Source"
 * style), of lone surrogates, and of U+FFFD, which is what invalid UTF-8 decodes to. One rule set, so a title refused
 * by the API is refused by {@code /huddle} too.
 */
public final class TextRules {
    private TextRules() {
    }

    /** Null when {@code value} is acceptable; otherwise why not, as a phrase after the field's name. */
    public static String problem(String value, int max) {
        // UTF-16 units, not code points: the store's VARCHAR limits count them (an emoji counts twice)
        if (value.length() > max) {
            return "is longer than " + max + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return "contains control characters";
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return "contains bidirectional override characters";
            }
            if (c == '\uFFFD') {
                return "is not valid UTF-8";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "is not valid UTF-8";
            }
        }
        return null;
    }
}
