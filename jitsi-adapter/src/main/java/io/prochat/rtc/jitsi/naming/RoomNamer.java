package io.prochat.rtc.jitsi.naming;

import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Makes room names by {@link NamingScheme}. Every name matches {@code [a-z0-9]+(-[a-z0-9]+)*}, is at
 * most {@value #MAX_LENGTH} characters, and carries at least 62 random bits (a {@value #SUFFIX_LENGTH}
 * character base-36 suffix, or a version 4 UUID). When a scheme's text is missing or has nothing
 * usable, the name falls back to {@link NamingScheme#WORDS}.
 *
 * <p>Thread-safe when the generator is ({@link java.security.SecureRandom} is); tests pass a seeded
 * generator for repeatable names.
 */
public final class RoomNamer {

    /** Longest name produced: short enough for a JID node and a readable URL. */
    public static final int MAX_LENGTH = 64;

    /** Random characters after the readable part: 36^12, about 2^62 names per prefix. */
    public static final int SUFFIX_LENGTH = 12;

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_PREFIX = MAX_LENGTH - 1 - SUFFIX_LENGTH;

    private final RandomGenerator rnd;

    /** @param rnd the source of randomness; use {@link java.security.SecureRandom} in production */
    public RoomNamer(RandomGenerator rnd) {
        this.rnd = Objects.requireNonNull(rnd, "rnd");
    }

    /**
     * A fresh room name; two calls never return the same name in practice.
     *
     * @param in the text to derive a readable prefix from; null means none
     */
    public String roomName(NamingScheme scheme, RoomNameInput in) {
        Objects.requireNonNull(scheme, "scheme");
        RoomNameInput text = in == null ? RoomNameInput.EMPTY : in;
        return switch (scheme) {
            case WORDS -> words();
            case UUID -> uuid();
            case MATTERMOST -> withSuffix(Slugs.join(
                    Slugs.slug(text.teamName(), MAX_PREFIX), Slugs.slug(text.channelName(), MAX_PREFIX)));
            case ASK -> withSuffix(Slugs.slug(text.title(), MAX_PREFIX));
        };
    }

    private String words() {
        return Words.phrase(rnd) + "-" + suffix();
    }

    /** A version 4 UUID from {@code rnd}, so the injected generator is the only source of randomness. */
    private String uuid() {
        long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rnd.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    private String withSuffix(String prefix) {
        String readable = Slugs.cut(prefix, MAX_PREFIX);
        return readable.isEmpty() ? words() : readable + "-" + suffix();
    }

    private String suffix() {
        char[] out = new char[SUFFIX_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }
}
