package io.prochat.rtc.jitsi.xmpp;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach Jitsi's Prosody as the service account.
 *
 * @param host           Prosody's address (name or IP); the connection goes there, no DNS SRV lookup
 * @param port           c2s port, usually 5222
 * @param domain         Jitsi's main XMPP domain (Prosody's main {@code VirtualHost}, e.g. {@code meet.jitsi})
 * @param mucDomain      the meetings' MUC component; blank = {@code conference.<domain>}
 * @param user           the service account: a bare JID ({@code prochat@auth.meet.jitsi}) or a local
 *                       part, then on {@code domain}
 * @param password       its password; never printed
 * @param focusJid       where Jitsi's conference request goes (jicofo, e.g. {@code focus.meet.jitsi});
 *                       blank = no conference request
 * @param tls            STARTTLS policy
 * @param connectTimeout bound for the TCP connect and the login
 * @param replyTimeout   bound for each request (room creation, configuration, destroy, ping)
 */
public record XmppSettings(String host, int port, String domain, String mucDomain, String user, String password,
                           String focusJid, TlsPolicy tls, Duration connectTimeout, Duration replyTimeout) {

    public XmppSettings {
        host = required(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("XMPP port must be between 1 and 65535, was " + port);
        }
        domain = required(domain, "domain").toLowerCase(Locale.ROOT);
        mucDomain = mucDomain == null || mucDomain.isBlank() ? "conference." + domain : mucDomain.strip().toLowerCase(Locale.ROOT);
        user = required(user, "user");
        Objects.requireNonNull(password, "XMPP password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("XMPP password must be set");
        }
        focusJid = focusJid == null ? "" : focusJid.strip();
        tls = Objects.requireNonNullElse(tls, TlsPolicy.REQUIRED);
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connectTimeout");
        replyTimeout = positive(replyTimeout, Duration.ofSeconds(5), "replyTimeout");
    }

    /** Default timeouts (5 s each). */
    public XmppSettings(String host, int port, String domain, String mucDomain, String user, String password,
                        String focusJid, TlsPolicy tls) {
        this(host, port, domain, mucDomain, user, password, focusJid, tls, null, null);
    }

    /** The service account's bare JID: {@code user} when it has a domain, else {@code user@domain}. */
    public String accountJid() {
        return user.contains("@") ? user.toLowerCase(Locale.ROOT) : user.toLowerCase(Locale.ROOT) + "@" + domain;
    }

    /** The domain the account logs in to (its JID's domain part). */
    public String loginDomain() {
        String jid = accountJid();
        return jid.substring(jid.indexOf('@') + 1);
    }

    public boolean sendsConferenceRequest() {
        return !focusJid.isEmpty();
    }

    @Override
    public String toString() {
        return "XmppSettings[host=" + host + ", port=" + port + ", domain=" + domain + ", mucDomain=" + mucDomain
                + ", account=" + accountJid() + ", password=<redacted>, focusJid=" + focusJid
                + ", tls=" + tls.configName() + ", connectTimeout=" + connectTimeout + ", replyTimeout=" + replyTimeout + "]";
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("XMPP " + name + " must be set");
        }
        return value.strip();
    }

    private static Duration positive(Duration d, Duration dflt, String name) {
        Duration v = d == null ? dflt : d;
        if (v.isNegative() || v.isZero()) {
            throw new IllegalArgumentException("XMPP " + name + " must be positive, was " + v);
        }
        return v;
    }
}
