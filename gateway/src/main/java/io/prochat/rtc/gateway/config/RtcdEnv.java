package io.prochat.rtc.gateway.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * rtcd's own environment variables ({@code RTCD_<SECTION>_<GoFieldPath>}, rtcd.md §4), so an rtcd deployment's
 * systemd unit, Docker or Helm values work unchanged. Mapped ones become our keys; the others rtcd documents are
 * accepted and named in a warning; any other {@code RTCD_} name is warned about as unknown (rtcd ignores those).
 * They apply after the file and before {@code PROCHAT_*}, which win.
 */
final class RtcdEnv {
    static final String PREFIX = "RTCD_";
    static final String LISTEN_ADDRESS = "RTCD_API_HTTP_LISTENADDRESS";
    static final String TLS_ENABLE = "RTCD_API_HTTP_TLS_ENABLE";

    /** rtcd variable → our key. */
    static final Map<String, Key> MAPPED = new LinkedHashMap<>();

    static {
        MAPPED.put("RTCD_API_SECURITY_ENABLEADMIN", Key.HTTP_ENABLE_ADMIN);
        MAPPED.put("RTCD_API_SECURITY_ADMINSECRETKEY", Key.HTTP_ADMIN_SECRET_KEY);
        MAPPED.put("RTCD_API_SECURITY_ALLOWSELFREGISTRATION", Key.HTTP_ALLOW_SELF_REGISTRATION);
        MAPPED.put("RTCD_API_SECURITY_SESSIONCACHE_EXPIRATIONMINUTES", Key.HTTP_SESSION_CACHE_EXPIRATION_MINUTES);
        MAPPED.put("RTCD_RTC_ICEHOSTOVERRIDE", Key.RTC_ICE_HOST_OVERRIDE);
        MAPPED.put("RTCD_RTC_ICEPORTUDP", Key.RTC_ICE_PORT_UDP);
        MAPPED.put("RTCD_RTC_ICEPORTTCP", Key.RTC_ICE_PORT_TCP);
        MAPPED.put("RTCD_RTC_ICESERVERS", Key.RTC_ICE_SERVERS);
        MAPPED.put("RTCD_RTC_TURNCONFIG_STATICAUTHSECRET", Key.RTC_TURN_STATIC_AUTH_SECRET);
        MAPPED.put("RTCD_RTC_TURNCONFIG_CREDENTIALSEXPIRATIONMINUTES", Key.RTC_TURN_CREDENTIALS_EXPIRATION_MINUTES);
        MAPPED.put("RTCD_STORE_DATASOURCE", Key.STORE_DATA_SOURCE);
        MAPPED.put("RTCD_LOGGER_ENABLECONSOLE", Key.LOGGER_ENABLE_CONSOLE);
        MAPPED.put("RTCD_LOGGER_CONSOLELEVEL", Key.LOGGER_CONSOLE_LEVEL);
        MAPPED.put("RTCD_LOGGER_ENABLEFILE", Key.LOGGER_ENABLE_FILE);
        MAPPED.put("RTCD_LOGGER_FILELEVEL", Key.LOGGER_FILE_LEVEL);
        MAPPED.put("RTCD_LOGGER_FILELOCATION", Key.LOGGER_FILE_LOCATION);
        MAPPED.put("RTCD_LOGGER_CONSOLEJSON", Key.LOGGER_CONSOLE_JSON);
        MAPPED.put("RTCD_LOGGER_FILEJSON", Key.LOGGER_FILE_JSON);
    }

    /** Documented by rtcd, not implemented here: accepted, named in one warning. */
    static final Set<String> IGNORED = Set.of("RTCD_API_HTTP_TLS_CERTFILE", "RTCD_API_HTTP_TLS_CERTKEY",
            "RTCD_RTC_ICEADDRESSUDP", "RTCD_RTC_ICEADDRESSTCP", "RTCD_RTC_ENABLEIPV6", "RTCD_RTC_ICEHOSTPORTOVERRIDE",
            "RTCD_RTC_UDPSOCKETSCOUNT", "RTCD_RTC_NACKBUFFERSIZE", "RTCD_RTC_NACKDISABLECOPY",
            "RTCD_RTC_DTLS_INSECURE_SKIP_HELLOVERIFY", "RTCD_LOGGER_ENABLECOLOR");

    private RtcdEnv() {
    }

    static void apply(Map<String, String> env, RawValues out, List<String> warnings) {
        StringBuilder ignored = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            Key key = MAPPED.get(name);
            if (key != null) {
                EnvOverrides.put(key, name, e.getValue(), out);
            } else if (name.equals(LISTEN_ADDRESS)) {
                RtcdLayout.listenAddress(e.getValue().trim(), name, name, out);
            } else if (name.equals(TLS_ENABLE)) {
                String v = e.getValue().trim();
                if (v.equalsIgnoreCase("true")) {
                    throw new ConfigException(name, name, "\"true\"", "ProChat RTC does not serve TLS itself;"
                            + " terminate TLS in nginx in front of it (deployment guide, Step 4) and unset it");
                }
                if (!v.equalsIgnoreCase("false") && !v.isEmpty()) {
                    throw new ConfigException(name, name, TomlText.quote(v), "must be true or false");
                }
            } else if (IGNORED.contains(name)) {
                ignored.append(ignored.length() == 0 ? "" : ", ").append(name);
            } else {
                warnings.add(name + " is not an rtcd setting ProChat RTC knows; it is not read (docs/config.md)");
            }
        }
        if (ignored.length() > 0) {
            warnings.add("accepted but ignored (not implemented yet in ProChat RTC): " + ignored);
        }
    }
}
