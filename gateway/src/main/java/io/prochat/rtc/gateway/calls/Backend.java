package io.prochat.rtc.gateway.calls;

import java.util.Locale;

/** Where a call's media runs. */
public enum Backend {
    SFU, JITSI;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Backend other() {
        return this == SFU ? JITSI : SFU;
    }

    public static Backend parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
