package io.prochat.rtc.gateway.config;

import java.util.Objects;

/**
 * {@code [Mattermost]}: the Mattermost server our slash commands and bot talk to. All tokens are secrets.
 *
 * @param url                 Mattermost base URL (its Site URL), "" = no bot: cards cannot follow their calls
 * @param botToken            bot account's access token; required when {@code url} is set
 * @param huddleCommandToken  token Mattermost sends with {@code /huddle}; "" = the command is off
 * @param meetCommandToken    token Mattermost sends with {@code /meet}; "" = the command is off
 * @param buttonValidityHours how long a card's Join and End buttons work after the card was posted
 */
public record MattermostConfig(String url, String botToken, String huddleCommandToken, String meetCommandToken,
                               int buttonValidityHours) {
    static final String SECTION = "Mattermost";
    static final int DEFAULT_BUTTON_VALIDITY_HOURS = 24;

    public MattermostConfig {
        url = Checks.optionalHttpUrl(SECTION, "URL", Objects.requireNonNullElse(url, ""));
        botToken = Objects.requireNonNullElse(botToken, "");
        huddleCommandToken = Objects.requireNonNullElse(huddleCommandToken, "");
        meetCommandToken = Objects.requireNonNullElse(meetCommandToken, "");
        if (!url.isEmpty() && botToken.isBlank()) {
            throw ConfigException.secret(SECTION, "BotToken", "must be set when [Mattermost] URL is set");
        }
        Checks.positive(SECTION, "ButtonValidityHours", buttonValidityHours);
        if (buttonValidityHours > 24 * 31) {
            throw ConfigException.at(SECTION, "ButtonValidityHours", buttonValidityHours, "must be at most 744 (31 days)");
        }
    }

    /** With the default button validity. */
    public MattermostConfig(String url, String botToken, String huddleCommandToken, String meetCommandToken) {
        this(url, botToken, huddleCommandToken, meetCommandToken, DEFAULT_BUTTON_VALIDITY_HOURS);
    }

    /** No Mattermost integration. */
    public static MattermostConfig defaults() {
        return new MattermostConfig("", "", "", "");
    }

    /** Whether a Mattermost server (and so the bot) is configured. */
    public boolean enabled() {
        return !url.isEmpty();
    }
}
