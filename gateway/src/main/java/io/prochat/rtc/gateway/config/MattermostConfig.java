package io.prochat.rtc.gateway.config;

import java.util.Objects;

/**
 * {@code [Mattermost]}: the Mattermost server our slash commands and bot talk to. All tokens are secrets.
 *
 * @param url                Mattermost base URL, "" = no Mattermost integration
 * @param botToken           bot account's access token; required when {@code url} is set
 * @param huddleCommandToken token Mattermost sends with {@code /huddle}; "" = not checked
 * @param meetCommandToken   token Mattermost sends with {@code /meet}; "" = not checked
 */
public record MattermostConfig(String url, String botToken, String huddleCommandToken, String meetCommandToken) {
    static final String SECTION = "Mattermost";

    public MattermostConfig {
        url = Checks.optionalHttpUrl(SECTION, "URL", Objects.requireNonNullElse(url, ""));
        botToken = Objects.requireNonNullElse(botToken, "");
        huddleCommandToken = Objects.requireNonNullElse(huddleCommandToken, "");
        meetCommandToken = Objects.requireNonNullElse(meetCommandToken, "");
        if (!url.isEmpty() && botToken.isBlank()) {
            throw ConfigException.secret(SECTION, "BotToken", "must be set when [Mattermost] URL is set");
        }
    }

    /** No Mattermost integration. */
    public static MattermostConfig defaults() {
        return new MattermostConfig("", "", "", "");
    }

    /** Whether a Mattermost server is configured. */
    public boolean enabled() {
        return !url.isEmpty();
    }
}
