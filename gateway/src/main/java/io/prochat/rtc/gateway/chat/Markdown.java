package io.prochat.rtc.gateway.chat;

/**
 * User text (titles, names) placed into Mattermost Markdown so that it stays text: it cannot form links, images,
 * emphasis, code, quotes, headings, tables, mentions or autolinks. ASCII punctuation that Markdown gives meaning to
 * is backslash-escaped (CommonMark, section 2.4); mentions and autolinks, which Mattermost finds in the text itself
 * rather than through Markdown, are broken by a WORD JOINER (U+2060, invisible) after {@code @} and inside
 * {@code ://} and {@code www.}.
 */
public final class Markdown {
    private static final String SPECIAL = "\\`*_{}[]()<>#+-.!|~>";
    private static final char JOINER = '\u2060';

    private Markdown() {
    }

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@') {
                out.append(c).append(JOINER);
            } else if (c == ':' && text.startsWith("//", i + 1)) {
                out.append(c).append(JOINER);
            } else if ((c == 'w' || c == 'W') && text.regionMatches(true, i, "www.", 0, 4)) {
                out.append(text, i, i + 3).append(JOINER).append("\\.");
                i += 3;
            } else {
                if (SPECIAL.indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
