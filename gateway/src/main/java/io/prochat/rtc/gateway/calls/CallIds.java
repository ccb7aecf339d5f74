package io.prochat.rtc.gateway.calls;

import java.security.SecureRandom;

/** Call ids shaped like Mattermost's: 26 characters of lowercase base32, 130 random bits. */
public final class CallIds {
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuwxyz13456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CallIds() {
    }

    public static String next() {
        char[] id = new char[26];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    /** Cheap shape check before touching the store with user input. */
    public static boolean looksValid(String id) {
        if (id == null || id.length() != 26) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
