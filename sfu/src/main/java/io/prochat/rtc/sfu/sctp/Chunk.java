package io.prochat.rtc.sfu.sctp;

/**
 * One chunk as it is on the wire (RFC 9260 §3.2): type, flags and the value after the 4-byte chunk header, without
 * padding. Typed chunks ({@link DataChunk}, {@link InitChunk}, {@link Sack}, ...) read and write this form.
 */
record Chunk(int type, int flags, byte[] value) {
    static final int DATA = 0;
    static final int INIT = 1;
    static final int INIT_ACK = 2;
    static final int SACK = 3;
    static final int HEARTBEAT = 4;
    static final int HEARTBEAT_ACK = 5;
    static final int ABORT = 6;
    static final int SHUTDOWN = 7;
    static final int SHUTDOWN_ACK = 8;
    static final int ERROR = 9;
    static final int COOKIE_ECHO = 10;
    static final int COOKIE_ACK = 11;
    static final int SHUTDOWN_COMPLETE = 14;
    /** RFC 6525 §3.1. */
    static final int RE_CONFIG = 130;
    /** RFC 3758 §3.2. */
    static final int FORWARD_TSN = 192;

    /** ABORT and SHUTDOWN COMPLETE: the T bit, "the tag is the one the receiver of the chunk sent" (§3.3.7). */
    static final int FLAG_T = 1;

    static final int HEADER = 4;

    static Chunk of(int type, byte[] value) {
        return new Chunk(type, 0, value);
    }

    /** Bytes on the wire, padding included. */
    int wireLength() {
        return HEADER + ((value.length + 3) & ~3);
    }

    /** §3.2: the two high bits of an unknown chunk type say whether to skip it or drop the whole packet. */
    static boolean skipIfUnknown(int type) {
        return (type & 0x80) != 0;
    }
}
