package io.prochat.rtc.gateway.web;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers our HTML pages go out with: a strict Content-Security-Policy (nothing but the page's own origin, no
 * framing, no forms, no plugins) and the usual companions. A page with inline {@code <script>} or {@code <style>}
 * blocks (the echo page, which the sfu module owns) is allowed exactly those blocks, by their SHA-256 hashes
 * (CSP Level 2, section 4.2.4), computed once from the bytes served; anything injected would not match.
 */
public final class PageHeaders {
    private static final Pattern INLINE = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);

    private final String policy;

    private PageHeaders(String policy) {
        this.policy = policy;
    }

    /** For {@code page}: its inline blocks hashed, same-origin files and connections allowed. */
    public static PageHeaders forPage(byte[] page) {
        StringBuilder scripts = new StringBuilder("'self'");
        StringBuilder styles = new StringBuilder("'self'");
        Matcher m = INLINE.matcher(new String(page, StandardCharsets.UTF_8));
        while (m.find()) {
            String hash = " 'sha256-" + sha256(m.group(2)) + "'";
            (m.group(1).equals("script") ? scripts : styles).append(hash);
        }
        return new PageHeaders("default-src 'none'; script-src " + scripts + "; style-src " + styles
                + "; connect-src 'self'; img-src 'self' data:; media-src 'self' blob:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'");
    }

    /**
     * The same policy, also letting the page connect to {@code origins} (e.g. {@code wss://node1.example.org:8443}):
     * the SFU nodes whose WebSockets a gateway's join page signals on. Each must be a bare ws(s) origin.
     */
    public PageHeaders withConnect(java.util.List<String> origins) {
        if (origins.isEmpty()) {
            return this;
        }
        StringBuilder more = new StringBuilder("connect-src 'self'");
        for (String o : origins) {
            if (!o.matches("wss?://[A-Za-z0-9.\\[\\]:-]+")) {
                throw new IllegalArgumentException("not a WebSocket origin: " + o);
            }
            more.append(' ').append(o);
        }
        return new PageHeaders(policy.replace("connect-src 'self'", more.toString()));
    }

    public String policy() {
        return policy;
    }

    public Context apply(Context ctx) {
        return ctx.header("Content-Security-Policy", policy)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
