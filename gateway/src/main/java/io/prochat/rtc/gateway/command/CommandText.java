package io.prochat.rtc.gateway.command;

import io.prochat.rtc.gateway.calls.CallNeeds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what follows the trigger. A lone {@code status}, {@code end} or {@code help} is a sub-command;
 * {@code start} may lead a topic; any other words are the topic ({@code /huddle end of sprint review} is a
 * topic, not an end). Flags may stand anywhere. An unknown flag, or a lone word one letter away from a
 * sub-command ({@code stauts}), is answered with help rather than starting a call nobody meant.
 */
final class CommandText {
    static final int MAX_TOPIC = 200;
    private static final List<String> SUBCOMMANDS = List.of("start", "status", "end", "help");

    private CommandText() {
    }

    sealed interface Parsed permits Start, Status, End, Help {
        /** The sub-command's name, for metrics. */
        String name();
    }

    record Start(String topic, CallNeeds needs) implements Parsed {
        public String name() {
            return "start";
        }
    }

    record Status() implements Parsed {
        public String name() {
            return "status";
        }
    }

    record End() implements Parsed {
        public String name() {
            return "end";
        }
    }

    /** @param problem what was wrong with the text, or null when help was asked for */
    record Help(String problem) implements Parsed {
        public String name() {
            return "help";
        }
    }

    static Parsed parse(String text, boolean meeting) {
        List<String> words = new ArrayList<>(List.of(text == null ? new String[0] : text.trim().split("\\s+")));
        words.removeIf(String::isEmpty);
        if (words.size() == 1) {
            String only = words.get(0).toLowerCase(Locale.ROOT);
            switch (only) {
                case "status":
                    return new Status();
                case "end":
                    return new End();
                case "help":
                    return new Help(null);
                default:
                    String near = nearSubcommand(only);
                    if (near != null) {
                        return new Help("`" + words.get(0) + "` is not a sub-command (did you mean `" + near + "`?)");
                    }
            }
        }
        if (!words.isEmpty() && words.get(0).equalsIgnoreCase("start")) {
            words.remove(0);
        }
        boolean record = false;
        boolean guests = false;
        boolean password = false;
        List<String> topic = new ArrayList<>();
        for (String w : words) {
            if (!w.startsWith("--")) {
                topic.add(w);
                continue;
            }
            String flag = w.toLowerCase(Locale.ROOT);
            if (!meeting) {
                return new Help("huddles take no options (`" + w + "`); for recording, guests or a password use `/meet`");
            }
            switch (flag) {
                case "--record" -> record = true;
                case "--guests" -> guests = true;
                case "--password" -> password = true;
                default -> {
                    return new Help("unknown option `" + w + "`");
                }
            }
        }
        String joined = String.join(" ", topic);
        if (joined.length() > MAX_TOPIC) {
            return new Help("the topic is " + joined.length() + " characters long; at most " + MAX_TOPIC + " fit");
        }
        return new Start(joined.isEmpty() ? null : joined, new CallNeeds(record, guests, null, false, password));
    }

    /** A sub-command one edit away, for words of four letters or more (shorter ones are too often topics). */
    private static String nearSubcommand(String word) {
        if (word.length() < 4) {
            return null;
        }
        for (String s : SUBCOMMANDS) {
            if (s.length() >= 4 && distance(word, s) == 1) {
                return s;
            }
        }
        return null;
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
