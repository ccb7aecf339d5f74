package io.prochat.rtc.gateway.rtcd;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.store.RtcdClientStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Who an rtcd API request is (rtcd.md §1.1): Basic {@code clientID:authKey} checked against the stored bcrypt hash,
 * Basic with the admin secret as password (admin mode), or Bearer with a token from {@link #login}. Registration,
 * unregistration and login live here too. Every secret comparison is constant-time (the admin key through SHA-256
 * digests, client keys through bcrypt, and an unknown client still costs one bcrypt check); no secret is logged or
 * put in a message. Bcrypt work passes the {@link RateLimiter}.
 */
public final class RtcdAuth {
    /** rtcd's minimum key length. */
    public static final int MIN_KEY_LENGTH = 32;
    /** bcrypt reads at most 72 bytes of a key; Go's bcrypt refuses longer ones, and so do we. */
    public static final int MAX_KEY_BYTES = 72;
    public static final int MAX_CLIENT_ID_LENGTH = 256;
    /** Go's bcrypt.DefaultCost, as rtcd uses. */
    static final int COST = 10;
    private static final byte[] STAND_IN = "stand-in".getBytes(StandardCharsets.US_ASCII);

    /** An authenticated caller: a registered client, or admin (no client id). */
    public record Principal(String clientId, boolean admin) {
        static final Principal ADMIN = new Principal("", true);
    }

    private final RtcdClientStore store;
    private final RateLimiter limiter;
    private final Clock clock;
    private final BearerTokens tokens;
    private final boolean adminEnabled;
    private final byte[] adminKeyDigest; // null when admin mode is off
    private final boolean selfRegistration;
    /** Checked against when the client is unknown, so that "no such client" takes as long as "wrong key". */
    private final String dummyHash;

    public RtcdAuth(RtcdClientStore store, HttpConfig http, RateLimiter limiter, Clock clock) {
        this.store = store;
        this.limiter = limiter;
        this.clock = clock;
        this.tokens = new BearerTokens(clock, Duration.ofMinutes(http.sessionCacheExpirationMinutes()));
        this.adminEnabled = http.enableAdmin() && !http.adminSecretKey().isEmpty();
        this.adminKeyDigest = adminEnabled ? digest(http.adminSecretKey()) : null;
        this.selfRegistration = http.allowSelfRegistration();
        this.dummyHash = hash("not-a-real-key-" + System.nanoTime());
    }

    public boolean selfRegistration() {
        return selfRegistration;
    }

    public boolean adminEnabled() {
        return adminEnabled;
    }

    /**
     * The caller named by an {@code Authorization} header.
     *
     * @throws RtcdApiException 401 (missing, malformed or wrong credentials), 429 (bcrypt rate limit)
     */
    public Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw RtcdApiException.unauthorized("missing");
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return tokens.clientOf(value).map(id -> new Principal(id, false))
                    .orElseThrow(() -> RtcdApiException.unauthorized("bad_token"));
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            throw RtcdApiException.unauthorized("scheme");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RtcdApiException.unauthorized("malformed");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw RtcdApiException.unauthorized("malformed");
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (adminEnabled && MessageDigest.isEqual(adminKeyDigest, digest(password))) {
            return Principal.ADMIN; // as rtcd: the user name is ignored
        }
        if (!verify(user, password)) {
            throw RtcdApiException.unauthorized("bad_credentials");
        }
        return new Principal(user, false);
    }

    /** Whether {@code key} is {@code clientId}'s key; rate-limited, and as slow for unknown clients. */
    boolean verify(String clientId, String key) {
        limiter.acquire();
        Optional<String> hash = clientId.isEmpty() ? Optional.empty() : store.keyHash(clientId);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        boolean usable = k.length > 0 && k.length <= MAX_KEY_BYTES;
        // an unusable key is still checked (against a stand-in) so that it costs the same time
        boolean ok = BCrypt.verifyer().verify(usable ? k : STAND_IN,
                hash.orElse(dummyHash).getBytes(StandardCharsets.US_ASCII)).verified;
        return ok && usable && hash.isPresent();
    }

    /**
     * {@code POST /register}. {@code caller} is null when self-registration let the request through unauthenticated.
     *
     * @throws RtcdApiException 400 with rtcd's "registration failed: …" messages
     */
    public void register(String clientId, String authKey) {
        if (clientId.isEmpty()) {
            throw new RtcdApiException(400, "empty_client_id", "registration failed: empty client id");
        }
        if (clientId.length() > MAX_CLIENT_ID_LENGTH || clientId.indexOf(':') >= 0
                || clientId.chars().anyMatch(Character::isISOControl)) {
            throw new RtcdApiException(400, "bad_client_id", "registration failed: client id must be at most "
                    + MAX_CLIENT_ID_LENGTH + " characters, without ':' or control characters");
        }
        if (authKey.length() < MIN_KEY_LENGTH) {
            throw new RtcdApiException(400, "short_key", "registration failed: key not long enough");
        }
        if (authKey.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new RtcdApiException(400, "long_key", "registration failed: key too long (at most "
                    + MAX_KEY_BYTES + " bytes)");
        }
        if (store.keyHash(clientId).isPresent()) {
            throw new RtcdApiException(400, "duplicate", "registration failed: already registered");
        }
        limiter.acquire();
        if (!store.add(clientId, hash(authKey), clock.instant())) {
            throw new RtcdApiException(400, "duplicate", "registration failed: already registered");
        }
    }

    /**
     * {@code POST /unregister} by an authenticated caller: admin, or the client itself.
     *
     * @throws RtcdApiException 403 when not allowed, 404 when there is no such client
     */
    public void unregister(Principal caller, String clientId) {
        if (!caller.admin() && !caller.clientId().equals(clientId)) {
            throw new RtcdApiException(403, "other_client", "client id not valid");
        }
        if (clientId.isEmpty() || !store.remove(clientId)) {
            throw new RtcdApiException(404, "unknown_client", "unregister failed: no such client");
        }
        tokens.revoke(clientId);
    }

    /**
     * {@code POST /login}: a new Bearer token, revoking the client's previous one.
     *
     * @throws RtcdApiException 400 on wrong credentials (as rtcd), 429 when rate-limited
     */
    public String login(String clientId, String authKey) {
        if (!verify(clientId, authKey)) {
            throw new RtcdApiException(400, "bad_credentials", "login failed: authentication failed");
        }
        return tokens.issue(clientId);
    }

    static String hash(String key) {
        // $2a$, as Go's bcrypt writes, so hashes move between rtcd and us either way
        return BCrypt.with(BCrypt.Version.VERSION_2A).hashToString(COST, key.toCharArray());
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
