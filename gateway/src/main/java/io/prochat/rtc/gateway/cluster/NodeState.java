package io.prochat.rtc.gateway.cluster;

import java.util.Locale;

/** A node's state in the store: taking calls, finishing its calls before it stops, or lost. */
public enum NodeState {
    UP, DRAINING, DOWN, UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NodeState parse(String s) {
        for (NodeState v : values()) {
            if (v.wireName().equals(s)) {
                return v;
            }
        }
        return UNKNOWN;
    }
}
