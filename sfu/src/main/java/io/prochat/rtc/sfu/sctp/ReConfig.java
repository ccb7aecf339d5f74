package io.prochat.rtc.sfu.sctp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The RE-CONFIG parameters (RFC 6525 §4) WebRTC uses to close a data channel: an Outgoing SSN Reset Request and the
 * Re-configuration Response. Other request types are read as {@link Other} and answered "denied".
 */
final class ReConfig {
    static final int OUTGOING_RESET = 13;
    static final int RESPONSE = 16;

    /** §4.4 result codes. */
    static final int SUCCESS_NOTHING_TO_DO = 0;
    static final int SUCCESS_PERFORMED = 1;
    static final int DENIED = 2;
    static final int BAD_SEQUENCE = 5;
    static final int IN_PROGRESS = 6;

    sealed interface Param permits OutgoingReset, Response, Other {
    }

    /** §4.1: the sender reset these outgoing streams after its TSN {@code lastTsn}; empty = all streams. */
    record OutgoingReset(int requestSeq, int responseSeq, int lastTsn, int[] streams) implements Param {
    }

    record Response(int responseSeq, int result) implements Param {
    }

    record Other(int type, int requestSeq) implements Param {
    }

    private ReConfig() {
    }

    /** The chunk's parameters, or null when one does not parse. At most two, as §3.1 allows. */
    static List<Param> parse(Chunk c) {
        byte[] v = c.value();
        List<Param> params = new ArrayList<>(2);
        int p = 0;
        while (p + 4 <= v.length && params.size() < 2) {
            int type = Bytes.u16(v, p);
            int len = Bytes.u16(v, p + 2);
            if (len < 8 || p + len > v.length) {
                return null;
            }
            switch (type) {
                case OUTGOING_RESET -> {
                    if (len < 16 || (len - 16) % 2 != 0) {
                        return null;
                    }
                    int[] streams = new int[(len - 16) / 2];
                    for (int i = 0; i < streams.length; i++) {
                        streams[i] = Bytes.u16(v, p + 16 + 2 * i);
                    }
                    params.add(new OutgoingReset(Bytes.i32(v, p + 4), Bytes.i32(v, p + 8), Bytes.i32(v, p + 12),
                            streams));
                }
                case RESPONSE -> {
                    if (len < 12) {
                        return null;
                    }
                    params.add(new Response(Bytes.i32(v, p + 4), Bytes.i32(v, p + 8)));
                }
                default -> params.add(new Other(type, Bytes.i32(v, p + 4)));
            }
            p += (len + 3) & ~3;
        }
        return params.isEmpty() ? null : params;
    }

    static Chunk outgoingReset(int requestSeq, int responseSeq, int lastTsn, int[] streams) {
        byte[] v = new byte[12 + 2 * streams.length];
        Bytes.put32(v, 0, requestSeq);
        Bytes.put32(v, 4, responseSeq);
        Bytes.put32(v, 8, lastTsn);
        for (int i = 0; i < streams.length; i++) {
            Bytes.put16(v, 12 + 2 * i, streams[i]);
        }
        return chunk(OUTGOING_RESET, v);
    }

    static Chunk response(int responseSeq, int result) {
        byte[] v = new byte[8];
        Bytes.put32(v, 0, responseSeq);
        Bytes.put32(v, 4, result);
        return chunk(RESPONSE, v);
    }

    private static Chunk chunk(int paramType, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 8);
        int padding = InitChunk.param(out, paramType, value);
        return Chunk.of(Chunk.RE_CONFIG, InitChunk.withoutFinalPadding(out, padding));
    }
}
