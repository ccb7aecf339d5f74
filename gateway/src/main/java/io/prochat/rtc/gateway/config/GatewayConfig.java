package io.prochat.rtc.gateway.config;

import java.util.Objects;

/**
 * The whole configuration: one record per TOML section. A null section means that section's defaults.
 * Built by {@link ConfigLoader}; printed by {@link ConfigPrinter}; documented in {@code docs/config.md}.
 */
public record GatewayConfig(HttpConfig http, RtcConfig rtc, LoggerConfig logger, StoreConfig store,
                            GatewaySettings gateway, JitsiConfig jitsi, MattermostConfig mattermost,
                            ClusterConfig cluster) {

    public GatewayConfig {
        http = Objects.requireNonNullElseGet(http, HttpConfig::defaults);
        rtc = Objects.requireNonNullElseGet(rtc, RtcConfig::defaults);
        logger = Objects.requireNonNullElseGet(logger, LoggerConfig::defaults);
        store = Objects.requireNonNullElseGet(store, StoreConfig::defaults);
        gateway = Objects.requireNonNullElseGet(gateway, GatewaySettings::defaults);
        jitsi = Objects.requireNonNullElseGet(jitsi, JitsiConfig::defaults);
        mattermost = Objects.requireNonNullElseGet(mattermost, MattermostConfig::defaults);
        cluster = Objects.requireNonNullElseGet(cluster, ClusterConfig::defaults);
        if (rtc.icePortTcp() == http.serverPort()) {
            throw ConfigException.at(RtcConfig.SECTION, "ICEPortTCP", rtc.icePortTcp(),
                    "is also [HTTP] ServerPort; the API and ICE over TCP need different ports");
        }
        if (gateway.huddleMaxParticipants() > rtc.maxCallParticipants()) {
            throw ConfigException.at(GatewaySettings.SECTION, "HuddleMaxParticipants", gateway.huddleMaxParticipants(),
                    "must not exceed [RTC] MaxCallParticipants (" + rtc.maxCallParticipants() + ")");
        }
    }

    /** Without a {@code [Cluster]} section: one process, {@code --role all}. */
    public GatewayConfig(HttpConfig http, RtcConfig rtc, LoggerConfig logger, StoreConfig store,
                         GatewaySettings gateway, JitsiConfig jitsi, MattermostConfig mattermost) {
        this(http, rtc, logger, store, gateway, jitsi, mattermost, null);
    }

    /** Every section's defaults: API on 127.0.0.1:8443, media on 8045, embedded store, hybrid routing. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(HttpConfig.defaults(), RtcConfig.defaults(), LoggerConfig.defaults(),
                StoreConfig.defaults(), GatewaySettings.defaults(), JitsiConfig.defaults(),
                MattermostConfig.defaults(), ClusterConfig.defaults());
    }
}
