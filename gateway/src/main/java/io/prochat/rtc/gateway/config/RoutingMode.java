package io.prochat.rtc.gateway.config;

import java.util.Locale;

/** {@code [Gateway] Mode}: which back end serves calls. */
public enum RoutingMode {
    /** Huddles on the built-in SFU, meetings on Jitsi (the deployment guide's Option A). */
    HYBRID("hybrid"),
    /** Every call on Jitsi (Option B). */
    JITSI_ONLY("jitsi-only"),
    /** Every call on the built-in SFU. */
    SFU_ONLY("sfu-only");

    private final String configName;

    RoutingMode(String configName) {
        this.configName = configName;
    }

    /**
     * Parses {@code hybrid}, {@code jitsi-only} or {@code sfu-only}, in any case ({@code _} is taken as
     * {@code -}); the inverse of {@link #configName()}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static RoutingMode parse(String s) {
        String wanted = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (RoutingMode mode : values()) {
            if (mode.configName.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be one of hybrid, jitsi-only, sfu-only");
    }

    /** The name used in the config file: {@code hybrid}, {@code jitsi-only} or {@code sfu-only}. */
    public String configName() {
        return configName;
    }
}
