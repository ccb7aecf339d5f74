package io.prochat.rtc.testing.mattermost;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A slash-command request exactly as Mattermost's {@code DoCommandRequest} builds it: Go's
 * {@code url.Values.Encode()} (keys sorted, {@code QueryEscape}: space as '+', only A–Z a–z 0–9 - _ . ~
 * left as they are), POSTed with {@code Content-Type: application/x-www-form-urlencoded},
 * {@code Accept: application/json} and {@code Authorization: Token <token>}.
 */
public final class CommandForm {
    private final Map<String, List<String>> fields = new TreeMap<>();
    private String token = "";

    /** A command typed by {@code user} in {@code channel}, with a fresh trigger id and hook URL. */
    public static CommandForm typed(String command, String text, String token, StubUser user, StubChannel channel,
                                    String mattermostUrl) {
        CommandForm f = new CommandForm();
        f.token = token;
        f.set("token", token).set("team_id", channel.teamId()).set("team_domain", channel.teamName())
                .set("channel_id", channel.id()).set("channel_name", channel.name())
                .set("user_id", user.id()).set("user_name", user.username())
                .set("command", command).set("text", text)
                .set("response_url", mattermostUrl + "/hooks/commands/" + MattermostIds.newId())
                .set("trigger_id", MattermostIds.triggerId(user.id()));
        return f;
    }

    public CommandForm set(String name, String value) {
        fields.put(name, new ArrayList<>(List.of(value)));
        return this;
    }

    public CommandForm remove(String name) {
        fields.remove(name);
        return this;
    }

    /** Repeated fields such as {@code user_mentions}, in order. */
    public CommandForm add(String name, String value) {
        fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Sends no Authorization header, or another token in it (the form field is left as it is). */
    public CommandForm headerToken(String headerToken) {
        this.token = headerToken;
        return this;
    }

    public String field(String name) {
        List<String> v = fields.get(name);
        return v == null ? null : v.get(0);
    }

    public String body() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            for (String v : e.getValue()) {
                if (b.length() > 0) {
                    b.append('&');
                }
                b.append(queryEscape(e.getKey())).append('=').append(queryEscape(v));
            }
        }
        return b.toString();
    }

    /** The headers Mattermost sends; no Authorization when the token is empty, as Mattermost does. */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-www-form-urlencoded");
        h.put("Accept", "application/json");
        if (token != null && !token.isEmpty()) {
            h.put("Authorization", "Token " + token);
        }
        h.put("User-Agent", "Mattermost-Bot/1.1");
        return h;
    }

    static String queryEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
