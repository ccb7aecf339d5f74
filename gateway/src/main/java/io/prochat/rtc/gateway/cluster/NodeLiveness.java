package io.prochat.rtc.gateway.cluster;

import java.time.Duration;

/** How often nodes beat and when a silent one counts as lost: the numbers both sides agree on. */
public final class NodeLiveness {
    /** A node writes its row this often. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /**
     * A node silent for longer is lost: not placed on, and marked down by the next watch. Four missed beats, so that
     * a node is marked down within 5 s of its last heartbeat ({@link #WATCH} later at most), as issue 15 asks,
     * while one slow store write or GC pause does not end anyone's call.
     */
    public static final Duration DOWN_AFTER = Duration.ofMillis(4000);
    /** How often a gateway looks for lost nodes. */
    public static final Duration WATCH = Duration.ofMillis(500);

    private NodeLiveness() {
    }
}
