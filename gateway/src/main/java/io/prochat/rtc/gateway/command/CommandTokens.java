package io.prochat.rtc.gateway.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks a slash command's token. Mattermost sends it twice: as {@code Authorization: Token <token>} and as
 * the {@code token} form field. Every copy present must match and at least one must be present. An
 * Authorization header of another scheme is ignored: with Outgoing OAuth Connections, Mattermost puts an
 * OAuth token there instead. Compared as SHA-256 digests with {@link MessageDigest#isEqual}, so neither
 * the content nor the length of the expected token shows in the timing.
 */
final class CommandTokens {
    private final byte[] expected;

    CommandTokens(String token) {
        this.expected = sha256(token);
    }

    boolean accepts(String authorizationHeader, String formToken) {
        String headerToken = null;
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Token ", 0, 6)) {
            headerToken = authorizationHeader.substring(6).trim();
        }
        boolean any = false;
        boolean ok = true;
        for (String presented : new String[] {headerToken, formToken}) {
            if (presented != null && !presented.isEmpty()) {
                any = true;
                ok &= MessageDigest.isEqual(expected, sha256(presented));
            }
        }
        return any && ok;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
