package io.prochat.rtc.jitsi.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A minted token with the instants it carries, so callers need not decode it again.
 *
 * @param value the compact JWT; a bearer credential, kept out of {@link #toString()}
 * @param issuedAt the {@code iat} claim (whole seconds)
 * @param expiresAt the {@code exp} claim (whole seconds); Prosody refuses the token from this instant on
 */
public record SignedToken(String value, Instant issuedAt, Instant expiresAt) {

    public SignedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "SignedToken[value=<redacted>, issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
