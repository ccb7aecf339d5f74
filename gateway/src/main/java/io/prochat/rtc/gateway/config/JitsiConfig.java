package io.prochat.rtc.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code [Jitsi]}: the Jitsi Meet deployment meetings go to. With {@code appId} and {@code appSecret}
 * set, meeting links carry an HS256 JWT (prosody {@code token} auth); without them links are plain.
 * With {@code xmppHost} set, the gateway also manages each meeting's room over XMPP as a service
 * account (password, lobby, destroy on end); without it, meetings are links only.
 *
 * @param url                 base URL of Jitsi Meet
 * @param appId               JWT {@code iss}/app id; set together with {@code appSecret}
 * @param appSecret           HS256 key (secret), at least 16 characters
 * @param audience            JWT {@code aud}, "" = the app id (set by the adapter)
 * @param subject             JWT {@code sub}, "" = the tenant, else "*" (any domain; see JitsiSettings)
 * @param tenant              Jitsi tenant path segment, "" for none
 * @param namingScheme        room names: words, uuid, mattermost or ask
 * @param linkValidityMinutes how long a meeting link (its JWT) stays valid
 * @param xmppHost            Jitsi's Prosody, "" = no XMPP room control
 * @param xmppPort            its c2s port
 * @param xmppDomain          Jitsi's main XMPP domain (e.g. {@code meet.jitsi}); required with {@code xmppHost}
 * @param mucDomain           the meetings' MUC component, "" = {@code conference.<xmppDomain>}
 * @param xmppUser            the service account: {@code name@auth.domain}, or a name on {@code xmppDomain}
 * @param xmppPassword        its password (secret)
 * @param focusJid            where Jitsi's conference request goes (e.g. {@code focus.meet.jitsi}), "" = none
 * @param xmppTls             required, optional or disabled
 * @param healthUrl           Jitsi HTTP health endpoint polled for backend health, "" = none
 */
public record JitsiConfig(String url, String appId, String appSecret, String audience, String subject, String tenant,
                          String namingScheme, int linkValidityMinutes, String xmppHost, int xmppPort,
                          String xmppDomain, String mucDomain, String xmppUser, String xmppPassword, String focusJid,
                          String xmppTls, String healthUrl) {
    static final String SECTION = "Jitsi";
    /** Smallest accepted AppSecret: 16 characters (128 bits of key at best) for HS256. */
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int DEFAULT_XMPP_PORT = 5222;
    private static final List<String> SCHEMES = List.of("words", "uuid", "mattermost", "ask");
    private static final List<String> TLS = List.of("required", "optional", "disabled");

    public JitsiConfig {
        url = Objects.requireNonNullElse(url, "https://meet.jit.si");
        url = Checks.optionalHttpUrl(SECTION, "URL", Checks.nonBlank(SECTION, "URL", url));
        appId = Objects.requireNonNullElse(appId, "");
        appSecret = Objects.requireNonNullElse(appSecret, "");
        audience = Objects.requireNonNullElse(audience, "");
        subject = Objects.requireNonNullElse(subject, "");
        tenant = Checks.noSpaces(SECTION, "Tenant", Objects.requireNonNullElse(tenant, ""));
        namingScheme = Objects.requireNonNullElse(namingScheme, "words").trim().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(namingScheme)) {
            throw ConfigException.at(SECTION, "NamingScheme", namingScheme,
                    "must be one of words, uuid, mattermost, ask");
        }
        Checks.positive(SECTION, "LinkValidityMinutes", linkValidityMinutes);
        if (!appId.isEmpty() && appSecret.isEmpty()) {
            throw ConfigException.secret(SECTION, "AppSecret", "must be set when [Jitsi] AppID is set (JWT links)");
        }
        if (appId.isEmpty() && !appSecret.isEmpty()) {
            throw ConfigException.at(SECTION, "AppID", null, "must be set when [Jitsi] AppSecret is set (JWT links)");
        }
        if (!appSecret.isEmpty() && appSecret.length() < MIN_SECRET_LENGTH) {
            throw ConfigException.secret(SECTION, "AppSecret",
                    "must be at least " + MIN_SECRET_LENGTH + " characters (it is the HS256 signing key)");
        }

        xmppHost = Checks.noSpaces(SECTION, "XMPPHost", Objects.requireNonNullElse(xmppHost, "").trim());
        Checks.port(SECTION, "XMPPPort", xmppPort);
        xmppDomain = XmppChecks.domain("XMPPDomain", xmppDomain);
        mucDomain = XmppChecks.domain("MUCDomain", mucDomain);
        xmppUser = XmppChecks.user(Objects.requireNonNullElse(xmppUser, "").trim());
        xmppPassword = Objects.requireNonNullElse(xmppPassword, "");
        focusJid = Checks.noSpaces(SECTION, "FocusJID", Objects.requireNonNullElse(focusJid, "").trim());
        xmppTls = Objects.requireNonNullElse(xmppTls, "required").trim().toLowerCase(Locale.ROOT);
        if (!TLS.contains(xmppTls)) {
            throw ConfigException.at(SECTION, "XMPPTLS", xmppTls, "must be one of required, optional, disabled");
        }
        healthUrl = Checks.optionalHttpUrl(SECTION, "HealthURL", Objects.requireNonNullElse(healthUrl, "").trim());
        XmppChecks.together(xmppHost, xmppDomain, xmppUser, xmppPassword, focusJid);
    }

    /** Links only, as before XMPP room control existed. */
    public JitsiConfig(String url, String appId, String appSecret, String audience, String subject, String tenant,
                       String namingScheme, int linkValidityMinutes) {
        this(url, appId, appSecret, audience, subject, tenant, namingScheme, linkValidityMinutes,
                "", DEFAULT_XMPP_PORT, "", "", "", "", "", "required", "");
    }

    /** Public meet.jit.si, no JWT, word-based room names, links valid 60 minutes, no XMPP. */
    public static JitsiConfig defaults() {
        return new JitsiConfig("https://meet.jit.si", "", "", "", "", "", "words", 60);
    }

    /** The same settings with XMPP room control, for code and tests that build configs by hand. */
    public JitsiConfig withXmpp(String host, int port, String domain, String muc, String user, String password,
                                String focus, String tls) {
        return new JitsiConfig(url, appId, appSecret, audience, subject, tenant, namingScheme, linkValidityMinutes,
                host, port, domain, muc, user, password, focus, tls, healthUrl);
    }

    public JitsiConfig withHealthUrl(String health) {
        return new JitsiConfig(url, appId, appSecret, audience, subject, tenant, namingScheme, linkValidityMinutes,
                xmppHost, xmppPort, xmppDomain, mucDomain, xmppUser, xmppPassword, focusJid, xmppTls, health);
    }

    /** Whether meeting links carry a JWT. */
    public boolean usesJwt() {
        return !appId.isEmpty();
    }

    /** Whether meeting rooms are managed over XMPP. */
    public boolean usesXmpp() {
        return !xmppHost.isEmpty();
    }

    @Override
    public String toString() {
        return "JitsiConfig[url=" + url + ", appId=" + appId + ", appSecret=" + (appSecret.isEmpty() ? "" : "<redacted>")
                + ", audience=" + audience + ", subject=" + subject + ", tenant=" + tenant + ", namingScheme="
                + namingScheme + ", linkValidityMinutes=" + linkValidityMinutes + ", xmppHost=" + xmppHost
                + ", xmppPort=" + xmppPort + ", xmppDomain=" + xmppDomain + ", mucDomain=" + mucDomain
                + ", xmppUser=" + xmppUser + ", xmppPassword=" + (xmppPassword.isEmpty() ? "" : "<redacted>")
                + ", focusJid=" + focusJid + ", xmppTls=" + xmppTls + ", healthUrl=" + healthUrl + "]";
    }
}
