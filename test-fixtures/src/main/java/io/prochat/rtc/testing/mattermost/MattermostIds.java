package io.prochat.rtc.testing.mattermost;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Identifiers shaped like Mattermost's: 26 lowercase base32 characters, and click/command trigger ids. */
public final class MattermostIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769".toCharArray();

    private MattermostIds() {
    }

    /** A new id, as model.NewId() makes them. */
    public static String newId() {
        StringBuilder b = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    /** base64("clientTriggerId:userId:millis:" + signature), the shape Mattermost gives every execution. */
    public static String triggerId(String userId) {
        byte[] signature = new byte[70];
        RANDOM.nextBytes(signature);
        String text = newId() + ":" + userId + ":" + System.currentTimeMillis() + ":"
                + Base64.getEncoder().encodeToString(signature);
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
