package io.prochat.rtc.gateway.action;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Signs and checks the {@code context} of card buttons. Clicks reach us with no credentials, so the context
 * carries its own proof: HMAC-SHA256, under a key only the gateway holds, over version, call id, action,
 * issued-at and a random nonce. All values are strings, because Mattermost stores the context as JSON and
 * Go turns numbers into floats on the way through.
 */
public final class ActionContexts {
    static final String VERSION = "1";
    /** Clocks of several gateways may differ a little; a context from further ahead is forged. */
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration validity;

    public ActionContexts(byte[] key, Clock clock, Duration validity) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = clock;
        this.validity = validity;
    }

    /** A verified context: which call, which button, and the nonce that makes it single-use. */
    public record Verified(String callId, String action, Instant issuedAt, String nonce) {
    }

    /** Why a context was refused: forged (or broken) contexts are not the same as honest old ones. */
    public static final class Refused extends Exception {
        private final boolean expired;

        Refused(String message, boolean expired) {
            super(message, null, false, false);
            this.expired = expired;
        }

        public boolean expired() {
            return expired;
        }
    }

    public Duration validity() {
        return validity;
    }

    public Map<String, Object> sign(String callId, String action) {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
        String iat = Long.toString(clock.instant().getEpochSecond());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("v", VERSION);
        context.put("call", callId);
        context.put("action", action);
        context.put("iat", iat);
        context.put("nonce", nonce);
        context.put("sig", mac(callId, action, iat, nonce));
        return context;
    }

    /** Checks shape, signature (in constant time) and age, in that order; {@code expectedAction} must match. */
    public Verified verify(Map<String, Object> context, String expectedAction) throws Refused {
        if (context == null) {
            throw new Refused("the click carries no context", false);
        }
        String v = text(context, "v");
        String call = text(context, "call");
        String action = text(context, "action");
        String iat = text(context, "iat");
        String nonce = text(context, "nonce");
        String sig = text(context, "sig");
        if (!VERSION.equals(v) || !valid(call) || !valid(action) || !valid(nonce) || sig == null
                || iat == null || !iat.matches("[0-9]{1,12}")) {
            throw new Refused("the button's context is malformed", false);
        }
        byte[] expected = mac(call, action, iat, nonce).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
            throw new Refused("the button's signature does not match", false);
        }
        if (!action.equals(expectedAction)) {
            throw new Refused("the button is not a " + expectedAction + " button", false);
        }
        Instant issued = Instant.ofEpochSecond(Long.parseLong(iat));
        Instant now = clock.instant();
        if (issued.isAfter(now.plus(SKEW))) {
            throw new Refused("the button was issued in the future", false);
        }
        if (issued.plus(validity).isBefore(now)) {
            throw new Refused("the button has expired", true);
        }
        return new Verified(call, action, issued, nonce);
    }

    private String mac(String call, String action, String iat, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] out = mac.doFinal(String.join("\n", "prochat-action-v" + VERSION, call, action, iat, nonce)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private static boolean valid(String s) {
        return s != null && TOKEN.matcher(s).matches();
    }

    private static String text(Map<String, Object> context, String name) {
        Object value = context.get(name);
        return value instanceof String s ? s : null;
    }
}
