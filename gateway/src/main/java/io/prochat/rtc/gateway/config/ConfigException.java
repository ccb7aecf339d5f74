package io.prochat.rtc.gateway.config;

/**
 * A configuration problem that stops start-up. The message is one line naming the key and the
 * problem, for example {@code [HTTP] ServerPort = 70000: must be a port between 1 and 65535}.
 *
 * <p>{@link #key()} names the key the way the operator wrote it down: {@code HTTP.ServerPort} for
 * our layout, {@code api.http.listen_address} for rtcd's, {@code PROCHAT_HTTP_SERVERPORT} for the
 * environment, {@code file} for a file that is missing or is not TOML. Values of secret keys never
 * appear in the message.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String label;
    private final String shownValue;
    private final String problem;

    /**
     * @param key        the key's identifier, e.g. {@code HTTP.ServerPort}
     * @param label      how the message names the key, e.g. {@code [HTTP] ServerPort}
     * @param shownValue the value as it appears in the message, or null to show none (secrets)
     * @param problem    what is wrong, e.g. {@code must be a port between 1 and 65535}
     */
    ConfigException(String key, String label, String shownValue, String problem) {
        super(label + (shownValue == null ? "" : " = " + shownValue) + ": " + problem);
        this.key = key;
        this.label = label;
        this.shownValue = shownValue;
        this.problem = problem;
    }

    /** A problem with a key of our layout, showing {@code value} (pass null for secrets). */
    static ConfigException at(String section, String name, Object value, String problem) {
        return new ConfigException(section + "." + name, "[" + section + "] " + name, show(value), problem);
    }

    /** A problem with a secret key of our layout; the value is never shown. */
    static ConfigException secret(String section, String name, String problem) {
        return at(section, name, null, problem);
    }

    /** The key's identifier, e.g. {@code HTTP.ServerPort} or {@code PROCHAT_GATEWAY_MODE}. */
    public String key() {
        return key;
    }

    /** What is wrong, without the key: e.g. {@code must be a port between 1 and 65535}. */
    public String problem() {
        return problem;
    }

    /** The same problem, reported against another key (the one the value really came from). */
    ConfigException relabel(String newKey, String newLabel, String newShownValue) {
        return new ConfigException(newKey, newLabel, newShownValue, problem);
    }

    String label() {
        return label;
    }

    String shownValue() {
        return shownValue;
    }

    /** Formats a value for a message: strings quoted, lists bracketed, null = not shown. */
    static String show(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return TomlText.quote(s);
        }
        if (value instanceof java.util.List<?> list) {
            java.util.StringJoiner j = new java.util.StringJoiner(", ", "[", "]");
            list.forEach(v -> j.add(show(v)));
            return j.toString();
        }
        return String.valueOf(value);
    }
}
