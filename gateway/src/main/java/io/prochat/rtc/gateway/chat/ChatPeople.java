package io.prochat.rtc.gateway.chat;

import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.mattermost.api.MattermostClient;
import io.prochat.rtc.mattermost.api.MattermostException;
import io.prochat.rtc.mattermost.api.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Mattermost user id into the {@link Person} a call needs: name, email and avatar from the
 * profile ({@code GET /api/v4/users/{id}}). When there is no bot, or Mattermost does not answer, it falls
 * back to what the request itself carries (the username) and says so, rather than failing the user.
 */
public final class ChatPeople {
    private static final Logger log = LoggerFactory.getLogger(ChatPeople.class);
    static final int MAX_NAME = 128;
    static final int MAX_EMAIL = 254;

    private final MattermostClient client; // null: no bot configured

    public ChatPeople(MattermostClient client) {
        this.client = client;
    }

    /**
     * @param person      who they are, as well as we could tell
     * @param fromProfile false when only the request's username was available
     * @param systemAdmin whether their profile says system_admin (false when unknown)
     * @param unreachable true when Mattermost did not answer at all: posting as the bot will not work either
     */
    public record Resolved(Person person, boolean fromProfile, boolean systemAdmin, boolean unreachable) {
    }

    public boolean hasBot() {
        return client != null;
    }

    public Resolved resolve(String userId, String userName) {
        String fallbackName = userName == null || userName.isBlank() ? userId : userName;
        Person fallback = new Person(userId, cut(fallbackName, MAX_NAME), null, null);
        if (client == null) {
            return new Resolved(fallback, false, false, false);
        }
        try {
            User u = client.user(userId);
            String email = u.email() == null || u.email().isBlank() || u.email().length() > MAX_EMAIL ? null : u.email();
            Person p = new Person(userId, cut(u.displayName(), MAX_NAME), email, client.userImageUrl(u));
            return new Resolved(p, true, u.isSystemAdmin(), false);
        } catch (MattermostException e) {
            log.warn("profile of Mattermost user {} unavailable ({}, status {}); using the username", userId,
                    e.kind(), e.status());
            return new Resolved(fallback, false, false, e.kind() == MattermostException.Kind.UNREACHABLE);
        } catch (IllegalArgumentException e) {
            return new Resolved(fallback, false, false, false); // not a Mattermost id: nothing to look up
        }
    }

    /**
     * A profile's name as shown and stored: control and bidirectional override characters dropped (a display name is
     * Mattermost's to allow; we cannot refuse it, but it must not reverse a card's text), then cut to fit.
     */
    static String cut(String s, int max) {
        String clean = s.replaceAll("[\\p{Cntrl}\\x{80}-\\x{9F}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}\\x{FFFD}]", "");
        if (clean.length() > max) {
            clean = clean.substring(0, Character.isHighSurrogate(clean.charAt(max - 1)) ? max - 1 : max);
        }
        return clean.isBlank() ? "?" : clean;
    }
}
