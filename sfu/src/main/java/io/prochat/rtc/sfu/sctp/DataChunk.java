package io.prochat.rtc.sfu.sctp;

/** A DATA chunk (RFC 9260 §3.3.1): one fragment of one user message. */
record DataChunk(int tsn, int stream, int ssn, int ppid, boolean unordered, boolean beginning, boolean ending,
        byte[] payload) {
    static final int HEADER = 12;
    private static final int FLAG_U = 4;
    private static final int FLAG_B = 2;
    private static final int FLAG_E = 1;

    /** Null when the chunk is too short or carries no user data (§6.2: an empty DATA chunk is an error). */
    static DataChunk parse(Chunk c) {
        byte[] v = c.value();
        if (v.length <= HEADER) {
            return null;
        }
        byte[] payload = new byte[v.length - HEADER];
        System.arraycopy(v, HEADER, payload, 0, payload.length);
        return new DataChunk(Bytes.i32(v, 0), Bytes.u16(v, 4), Bytes.u16(v, 6), Bytes.i32(v, 8),
                (c.flags() & FLAG_U) != 0, (c.flags() & FLAG_B) != 0, (c.flags() & FLAG_E) != 0, payload);
    }

    Chunk toChunk() {
        byte[] v = new byte[HEADER + payload.length];
        Bytes.put32(v, 0, tsn);
        Bytes.put16(v, 4, stream);
        Bytes.put16(v, 6, ssn);
        Bytes.put32(v, 8, ppid);
        System.arraycopy(payload, 0, v, HEADER, payload.length);
        int flags = (unordered ? FLAG_U : 0) | (beginning ? FLAG_B : 0) | (ending ? FLAG_E : 0);
        return new Chunk(Chunk.DATA, flags, v);
    }
}
