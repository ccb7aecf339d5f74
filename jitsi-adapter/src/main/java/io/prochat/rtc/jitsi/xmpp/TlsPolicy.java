package io.prochat.rtc.jitsi.xmpp;

import java.util.Locale;

/**
 * Whether the XMPP connection to Prosody uses STARTTLS. Jitsi's Prosody offers it on 5222 with its own
 * certificate; a gateway on the same host may talk plain TCP over loopback.
 */
public enum TlsPolicy {
    /** STARTTLS or no connection; the certificate must be valid for the XMPP domain (Java's trust store). */
    REQUIRED("required"),
    /** STARTTLS when the server offers it, plain TCP otherwise. */
    OPTIONAL("optional"),
    /** Plain TCP even when the server offers TLS: loopback or a private network only. */
    DISABLED("disabled");

    private final String configName;

    TlsPolicy(String configName) {
        this.configName = configName;
    }

    /** How configuration files spell it: {@code required}, {@code optional}, {@code disabled}. */
    public String configName() {
        return configName;
    }

    /**
     * @throws IllegalArgumentException naming the allowed values when {@code text} is none of them
     */
    public static TlsPolicy parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (TlsPolicy p : values()) {
            if (p.configName.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("must be one of required, optional, disabled");
    }
}
