package io.prochat.rtc.sfu.sctp;

/**
 * FORWARD TSN (RFC 3758 §3.2): the receiver may move its cumulative TSN to {@code newCumulativeTsn}; for ordered
 * streams {@code streamsAndSsns} ({@code [stream0, ssn0, ...]}) names the last SSN skipped.
 */
record ForwardTsn(int newCumulativeTsn, int[] streamsAndSsns) {
    static ForwardTsn parse(Chunk c) {
        byte[] v = c.value();
        if (v.length < 4 || (v.length - 4) % 4 != 0) {
            return null;
        }
        int[] pairs = new int[(v.length - 4) / 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = Bytes.u16(v, 4 + 2 * i);
        }
        return new ForwardTsn(Bytes.i32(v, 0), pairs);
    }

    Chunk toChunk() {
        byte[] v = new byte[4 + 2 * streamsAndSsns.length];
        Bytes.put32(v, 0, newCumulativeTsn);
        for (int i = 0; i < streamsAndSsns.length; i++) {
            Bytes.put16(v, 4 + 2 * i, streamsAndSsns[i]);
        }
        return Chunk.of(Chunk.FORWARD_TSN, v);
    }
}
