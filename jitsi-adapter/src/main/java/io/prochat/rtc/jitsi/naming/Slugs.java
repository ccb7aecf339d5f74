package io.prochat.rtc.jitsi.naming;

import java.text.Normalizer;
import java.util.Map;

/**
 * Turns untrusted human text into {@code [a-z0-9-]}: accents are removed by Unicode decomposition, a
 * few letters that do not decompose are spelled out, and every other character is a separator.
 * Runs of separators become one dash, and the result never starts or ends with one.
 */
final class Slugs {

    /** Latin letters that NFKD leaves alone but readers expect spelled in ASCII. */
    private static final Map<Integer, String> SPELLED = Map.ofEntries(
            Map.entry((int) 'ß', "ss"), Map.entry((int) 'æ', "ae"), Map.entry((int) 'Æ', "ae"),
            Map.entry((int) 'œ', "oe"), Map.entry((int) 'Œ', "oe"), Map.entry((int) 'ø', "o"),
            Map.entry((int) 'Ø', "o"), Map.entry((int) 'ł', "l"), Map.entry((int) 'Ł', "l"),
            Map.entry((int) 'đ', "d"), Map.entry((int) 'Đ', "d"), Map.entry((int) 'ð', "d"),
            Map.entry((int) 'Ð', "d"), Map.entry((int) 'þ', "th"), Map.entry((int) 'Þ', "th"),
            Map.entry((int) 'ı', "i"), Map.entry((int) 'ħ', "h"), Map.entry((int) 'Ħ', "h"));

    private Slugs() {
    }

    /**
     * The slug of {@code text}, at most {@code maxLength} characters; {@code ""} when nothing usable
     * is left (null, blank, only emoji or punctuation).
     */
    static String slug(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        // NFKD splits "é" into "e" + a combining accent and maps full-width or ligature forms to ASCII.
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(Math.min(decomposed.length(), maxLength + 1));
        boolean pendingDash = false;
        for (int i = 0; i < decomposed.length() && out.length() <= maxLength; ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            String ascii = ascii(cp);
            if (ascii == null) {
                pendingDash = out.length() > 0;
            } else if (!ascii.isEmpty()) {
                if (pendingDash) {
                    out.append('-');
                    pendingDash = false;
                }
                out.append(ascii);
            }
        }
        return trimDashes(out.length() > maxLength ? out.substring(0, maxLength) : out.toString());
    }

    /** Joins slugs with one dash, skipping empty ones. */
    static String join(String first, String second) {
        if (first.isEmpty()) {
            return second;
        }
        return second.isEmpty() ? first : first + "-" + second;
    }

    /** Cuts {@code slug} to {@code maxLength} without leaving a dash at the end. */
    static String cut(String slug, int maxLength) {
        return slug.length() <= maxLength ? slug : trimDashes(slug.substring(0, maxLength));
    }

    /**
     * The ASCII for one code point: the text to append, {@code ""} to drop it silently (accents,
     * apostrophes, so "Ada's" stays one word), or null for a separator.
     */
    private static String ascii(int cp) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            return String.valueOf((char) cp);
        }
        if (cp >= 'A' && cp <= 'Z') {
            return String.valueOf((char) (cp + ('a' - 'A')));
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || cp == '\'' || cp == '\u2019') {
            return "";
        }
        return SPELLED.get(cp);
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}
