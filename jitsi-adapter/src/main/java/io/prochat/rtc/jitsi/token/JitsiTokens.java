package io.prochat.rtc.jitsi.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Mints one HS256 token per participant, shaped for Prosody's {@code mod_auth_token} and
 * {@code mod_token_verification} (see the package documentation for the rules).
 *
 * <p>Thread-safe: the only state is the immutable configuration and the {@link Algorithm}, which
 * java-jwt documents as safe to share.
 */
public final class JitsiTokens {

    /**
     * How far {@code nbf} is backdated. Prosody rejects a token when its own clock is before
     * {@code nbf}, with no leeway, so a gateway clock a few seconds ahead would otherwise make fresh
     * links fail.
     */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Prosody compares the lowercase room node; a JID, path or wildcard has no place here. */
    private static final Pattern ROOM_NODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final String issuer;
    private final String audience;
    private final String subject;
    private final Duration validity;
    private final Clock clock;
    private final Algorithm algorithm;

    /**
     * @param appId Prosody's {@code app_id}; becomes {@code iss}
     * @param appSecret Prosody's {@code app_secret}; its UTF-8 bytes are the HMAC key
     * @param audience {@code aud}, one of Prosody's {@code asap_accepted_audiences}
     * @param subject {@code sub}: the tenant, the XMPP domain, or {@code "*"}
     * @param validity time from issue to {@code exp}; at least one second (JWT times are whole seconds)
     * @param clock source of {@code iat}
     */
    public JitsiTokens(String appId, String appSecret, String audience, String subject,
                       Duration validity, Clock clock) {
        this.issuer = requireText(appId, "appId");
        this.audience = requireText(audience, "audience");
        this.subject = requireText(subject, "subject");
        this.validity = Objects.requireNonNull(validity, "validity");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (validity.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("token validity must be at least 1 second, was " + validity);
        }
        // Never echo the secret, not even in an error message.
        this.algorithm = Algorithm.HMAC256(requireText(appSecret, "appSecret"));
    }

    /** The compact JWT for one participant; see {@link #issue}. */
    public String mint(String room, JitsiUser user, boolean moderator, MeetingFeatures features) {
        return issue(room, user, moderator, features).value();
    }

    /**
     * Signs a token for {@code user} in {@code room}.
     *
     * @param room the room node; lowercased as Prosody does, then checked by {@link #roomNode}
     * @param moderator whether {@code mod_token_affiliation} should make this user an owner
     * @throws IllegalArgumentException if the room is not a plain node name
     */
    public SignedToken issue(String room, JitsiUser user, boolean moderator, MeetingFeatures features) {
        String node = roomNode(room);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(features, "features");
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        String jwt = JWT.create()
                .withHeader(Map.of("typ", "JWT"))
                .withIssuer(issuer)
                .withAudience(audience) // one value: java-jwt writes it as a JSON string, as Prosody needs
                .withSubject(subject)
                .withClaim("room", node)
                .withIssuedAt(issuedAt)
                .withNotBefore(issuedAt.minus(CLOCK_SKEW))
                .withExpiresAt(expiresAt)
                .withClaim("context", context(user, moderator, features))
                .sign(algorithm);
        return new SignedToken(jwt, issuedAt, expiresAt);
    }

    /**
     * Lowercases {@code room} (Prosody lowercases JIDs, so a TitleCase claim would never match) and
     * checks it is a plain node: {@code [a-z0-9][a-z0-9_-]*}, at most 64 characters.
     *
     * @throws IllegalArgumentException otherwise, e.g. for {@code room@conference.x}, {@code a/b}, {@code *}
     */
    public static String roomNode(String room) {
        Objects.requireNonNull(room, "room");
        String node = room.toLowerCase(Locale.ROOT);
        if (!ROOM_NODE.matcher(node).matches()) {
            throw new IllegalArgumentException(
                    "room must be a plain room name of 1-64 characters [a-z0-9_-], not a JID or path");
        }
        return node;
    }

    private static Map<String, Object> context(JitsiUser user, boolean moderator, MeetingFeatures features) {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("id", user.id());
        person.put("name", user.name());
        person.put("email", user.emailOrEmpty());
        person.put("avatar", user.avatarOrEmpty());
        // Both spellings: mod_token_affiliation reads either, older deployments only "moderator".
        person.put("moderator", moderator);
        person.put("affiliation", moderator ? "owner" : "member");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("user", person);
        context.put("features", features.asClaim());
        return context;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
