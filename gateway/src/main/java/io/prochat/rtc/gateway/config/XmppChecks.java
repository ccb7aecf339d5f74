package io.prochat.rtc.gateway.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks of {@code [Jitsi]}'s XMPP keys, each failure one line naming the key. */
final class XmppChecks {
    private static final String SECTION = JitsiConfig.SECTION;
    /** A DNS-style XMPP domain: what Prosody's VirtualHost and Component names are. */
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern LOCAL = Pattern.compile("[^\\s@/\"&'<>:]{1,1023}");

    private XmppChecks() {
    }

    static String domain(String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!v.isEmpty() && !DOMAIN.matcher(v).matches()) {
            throw ConfigException.at(SECTION, key, value, "must be an XMPP domain such as meet.example.org (no user@, no /path)");
        }
        return v;
    }

    /** {@code name} or {@code name@auth.domain}. */
    static String user(String value) {
        if (value.isEmpty()) {
            return value;
        }
        int at = value.indexOf('@');
        String local = at < 0 ? value : value.substring(0, at);
        String problem = "must be a service account name or a bare JID such as prochat@auth.meet.example.org";
        if (!LOCAL.matcher(local).matches() || (at >= 0 && !DOMAIN.matcher(value.substring(at + 1).toLowerCase(Locale.ROOT)).matches())) {
            throw ConfigException.at(SECTION, "XMPPUser", value, problem);
        }
        return value;
    }

    /** XMPPHost needs domain, user and password; those without XMPPHost are a mistake, not a default. */
    static void together(String host, String domain, String user, String password, String focus) {
        if (!host.isEmpty()) {
            if (domain.isEmpty()) {
                throw ConfigException.at(SECTION, "XMPPDomain", null, "must be set when [Jitsi] XMPPHost is set");
            }
            if (user.isEmpty()) {
                throw ConfigException.at(SECTION, "XMPPUser", null, "must be set when [Jitsi] XMPPHost is set");
            }
            if (password.isEmpty()) {
                throw ConfigException.secret(SECTION, "XMPPPassword", "must be set when [Jitsi] XMPPHost is set");
            }
            return;
        }
        String orphan = !user.isEmpty() ? "XMPPUser" : !password.isEmpty() ? "XMPPPassword"
                : !domain.isEmpty() ? "XMPPDomain" : !focus.isEmpty() ? "FocusJID" : null;
        if (orphan != null) {
            throw ConfigException.at(SECTION, "XMPPHost", null,
                    "must be set when [Jitsi] " + orphan + " is set (XMPP room control needs Prosody's address)");
        }
    }
}
