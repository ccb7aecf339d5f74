package io.prochat.rtc.gateway.config;

import java.util.List;
import java.util.StringJoiner;

/**
 * Prints the effective configuration as TOML in our layout, every key written out. Secrets
 * (AppSecret, XMPPPassword, APISecurityAdminSecretKey, BotToken, the command tokens, APIKeys, ICE credentials and a {@code password=} in a
 * JDBC URL) are shown as {@value #MASK} when set, so the output is safe to paste into a support ticket.
 * Without secrets, the output loads back to an equal configuration.
 */
public final class ConfigPrinter {
    /** What a secret that is set looks like in the output. */
    public static final String MASK = "********";

    private ConfigPrinter() {
    }

    public static String toToml(GatewayConfig c) {
        StringBuilder b = new StringBuilder();
        b.append("# ProChat RTC effective configuration (secrets shown as ").append(MASK).append(")\n");

        section(b, "HTTP");
        kv(b, "ServerAddress", str(c.http().serverAddress()));
        kv(b, "ServerPort", c.http().serverPort());
        kv(b, "APISecurityAllowSelfRegistration", c.http().allowSelfRegistration());
        kv(b, "MaxRequestBodyBytes", c.http().maxRequestBodyBytes());
        kv(b, "APISecurityEnableAdmin", c.http().enableAdmin());
        kv(b, "APISecurityAdminSecretKey", secret(c.http().adminSecretKey()));
        kv(b, "APISecuritySessionCacheExpirationMinutes", c.http().sessionCacheExpirationMinutes());
        kv(b, "TLSCertFile", str(c.http().tlsCertFile()));
        kv(b, "TLSKeyFile", str(c.http().tlsKeyFile()));

        section(b, "RTC");
        kv(b, "ICEHostOverride", str(c.rtc().iceHostOverride()));
        kv(b, "ICEPortUDP", c.rtc().icePortUdp());
        kv(b, "ICEPortTCP", c.rtc().icePortTcp());
        kv(b, "MaxCallParticipants", c.rtc().maxCallParticipants());
        kv(b, "EnableEcho", c.rtc().enableEcho());
        kv(b, "MaxServerParticipants", c.rtc().maxServerParticipants());
        kv(b, "Capacity", c.rtc().capacity());
        kv(b, "MediaWorkers", c.rtc().mediaWorkers());
        kv(b, "UDPSocketBufferBytes", c.rtc().udpSocketBufferBytes());
        kv(b, "TURNURLs", list(c.rtc().turn().urls(), false));
        kv(b, "TURNStaticAuthSecret", secret(c.rtc().turn().staticAuthSecret()));
        kv(b, "TURNCredentialsExpirationMinutes", c.rtc().turn().credentialsExpirationMinutes());
        if (c.rtc().iceServers().isEmpty()) {
            kv(b, "ICEServers", "[]");
        }
        for (IceServer s : c.rtc().iceServers()) {
            b.append("\n[[RTC.ICEServers]]\n");
            kv(b, "URLs", list(s.urls(), false));
            kv(b, "Username", str(s.username()));
            kv(b, "Credential", secret(s.credential()));
        }

        section(b, "Logger");
        kv(b, "EnableConsole", c.logger().enableConsole());
        kv(b, "ConsoleLevel", str(c.logger().consoleLevel()));
        kv(b, "EnableFile", c.logger().enableFile());
        kv(b, "FileLocation", str(c.logger().fileLocation()));
        kv(b, "FileLevel", str(c.logger().fileLevel()));
        kv(b, "ConsoleJSON", c.logger().consoleJson());
        kv(b, "FileJSON", c.logger().fileJson());
        kv(b, "FileMaxSizeMB", c.logger().fileMaxSizeMB());
        kv(b, "FileMaxBackups", c.logger().fileMaxBackups());

        section(b, "Store");
        kv(b, "DataSource", str(StoreConfig.redacted(c.store().dataSource())));

        section(b, "Gateway");
        kv(b, "Mode", str(c.gateway().mode().configName()));
        kv(b, "HuddleMaxParticipants", c.gateway().huddleMaxParticipants());
        kv(b, "APIKeys", list(c.gateway().apiKeys(), true));
        kv(b, "PublicURL", str(c.gateway().publicUrl()));
        b.append("# effective public URL: ").append(c.gateway().effectivePublicUrl(c.http())).append('\n');
        kv(b, "EndEmptyCallsAfterMinutes", c.gateway().endEmptyCallsAfterMinutes());
        kv(b, "EndUnusedCallsAfterHours", c.gateway().endUnusedCallsAfterHours());
        kv(b, "DrainTimeoutSeconds", c.gateway().drainTimeoutSeconds());

        section(b, "Jitsi");
        kv(b, "URL", str(c.jitsi().url()));
        kv(b, "AppID", str(c.jitsi().appId()));
        kv(b, "AppSecret", secret(c.jitsi().appSecret()));
        kv(b, "Audience", str(c.jitsi().audience()));
        kv(b, "Subject", str(c.jitsi().subject()));
        kv(b, "Tenant", str(c.jitsi().tenant()));
        kv(b, "NamingScheme", str(c.jitsi().namingScheme()));
        kv(b, "LinkValidityMinutes", c.jitsi().linkValidityMinutes());
        kv(b, "XMPPHost", str(c.jitsi().xmppHost()));
        kv(b, "XMPPPort", c.jitsi().xmppPort());
        kv(b, "XMPPDomain", str(c.jitsi().xmppDomain()));
        kv(b, "MUCDomain", str(c.jitsi().mucDomain()));
        kv(b, "XMPPUser", str(c.jitsi().xmppUser()));
        kv(b, "XMPPPassword", secret(c.jitsi().xmppPassword()));
        kv(b, "FocusJID", str(c.jitsi().focusJid()));
        kv(b, "XMPPTLS", str(c.jitsi().xmppTls()));
        kv(b, "HealthURL", str(c.jitsi().healthUrl()));

        section(b, "Mattermost");
        kv(b, "URL", str(c.mattermost().url()));
        kv(b, "BotToken", secret(c.mattermost().botToken()));
        kv(b, "HuddleCommandToken", secret(c.mattermost().huddleCommandToken()));
        kv(b, "MeetCommandToken", secret(c.mattermost().meetCommandToken()));
        kv(b, "ButtonValidityHours", c.mattermost().buttonValidityHours());

        section(b, "Cluster");
        kv(b, "Secret", secret(c.cluster().secret()));
        kv(b, "NodeID", str(c.cluster().nodeId()));
        kv(b, "InternalURL", str(c.cluster().internalUrl()));
        kv(b, "Capacity", c.cluster().capacity());
        return b.toString();
    }

    private static void section(StringBuilder b, String name) {
        b.append("\n[").append(name).append("]\n");
    }

    private static void kv(StringBuilder b, String key, Object value) {
        b.append(key).append(" = ").append(value).append('\n');
    }

    private static String str(String s) {
        return TomlText.quote(s);
    }

    private static String secret(String s) {
        return TomlText.quote(s.isEmpty() ? "" : MASK);
    }

    private static String list(List<String> items, boolean secret) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        items.forEach(i -> j.add(secret ? secret(i) : str(i)));
        return j.toString();
    }
}
