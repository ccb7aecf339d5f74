package io.prochat.rtc.jitsi;

import io.prochat.rtc.jitsi.token.JitsiTokens;
import io.prochat.rtc.jitsi.token.JitsiUser;
import io.prochat.rtc.jitsi.token.MeetingFeatures;
import io.prochat.rtc.jitsi.token.SignedToken;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds personal join links: {@code <baseUrl>[/<tenant>]/<room>?jwt=<token>#config.subject="<title>"&userInfo.displayName="<name>"}.
 * The query is left out when the settings do not sign tokens, and {@code config.subject} when there
 * is no title. Thread-safe.
 */
public final class JitsiLinks {

    private static final Logger LOG = LoggerFactory.getLogger(JitsiLinks.class);

    private final String roomBase;
    private final JitsiTokens tokens; // null when links are not signed

    public JitsiLinks(JitsiSettings s, Clock clock) {
        Objects.requireNonNull(s, "settings");
        Objects.requireNonNull(clock, "clock");
        this.tokens = s.signsTokens()
                ? new JitsiTokens(s.appId(), s.appSecret(), s.tokenAudience(), s.tokenSubject(), s.linkValidity(), clock)
                : null;
        String base = s.baseUrl().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.roomBase = base + "/" + (s.tenant().isEmpty() ? "" : Fragments.percentEncode(s.tenant()) + "/");
    }

    /**
     * The link for one participant, with a token of their own when tokens are signed.
     *
     * @param room the room node (see {@link JitsiTokens#roomNode}); lowercased
     * @param user who joins; their name also pre-fills Jitsi's display name
     * @param moderator whether the token makes them a room owner
     * @param features what the token allows
     * @param displayTitle the meeting's subject shown in Jitsi; null or blank for none
     * @throws IllegalArgumentException if {@code room} is not a plain room name
     */
    public JoinLink link(String room, JitsiUser user, boolean moderator, MeetingFeatures features,
                         String displayTitle) {
        String node = JitsiTokens.roomNode(room);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(features, "features");
        SignedToken token = tokens == null ? null : tokens.issue(node, user, moderator, features);

        StringBuilder url = new StringBuilder(roomBase).append(node);
        if (token != null) {
            url.append("?jwt=").append(token.value()); // base64url and dots: nothing to escape
        }
        url.append('#');
        if (displayTitle != null && !displayTitle.isBlank()) {
            url.append(Fragments.override("config.subject", displayTitle.strip())).append('&');
        }
        url.append(Fragments.override("userInfo.displayName", user.name()));

        LOG.debug("join link for room {} user {} moderator {} expires {}",
                node, user.id(), moderator, token == null ? "never" : token.expiresAt());
        return token == null
                ? new JoinLink(URI.create(url.toString()), null, null)
                : new JoinLink(URI.create(url.toString()), token.value(), token.expiresAt());
    }
}
