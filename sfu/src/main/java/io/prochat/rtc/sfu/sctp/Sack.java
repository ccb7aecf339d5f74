package io.prochat.rtc.sfu.sctp;

/**
 * A SACK (RFC 9260 §3.3.4). Gap blocks are {@code [start0, end0, start1, end1, ...]}, offsets from the cumulative TSN
 * ack; duplicate TSNs are neither sent nor read.
 */
record Sack(int cumulativeTsnAck, int advertisedWindow, int[] gapBlocks) {
    /** Gap blocks beyond these are not sent: the peer learns the rest from the next SACK. */
    static final int MAX_GAP_BLOCKS = 64;

    static Sack parse(Chunk c) {
        byte[] v = c.value();
        if (v.length < 12) {
            return null;
        }
        int gaps = Bytes.u16(v, 8);
        int dups = Bytes.u16(v, 10);
        if (v.length < 12 + 4 * gaps + 4 * dups) {
            return null;
        }
        int[] blocks = new int[2 * gaps];
        for (int i = 0; i < gaps; i++) {
            blocks[2 * i] = Bytes.u16(v, 12 + 4 * i);
            blocks[2 * i + 1] = Bytes.u16(v, 14 + 4 * i);
            if (blocks[2 * i] == 0 || blocks[2 * i + 1] < blocks[2 * i]) {
                return null;
            }
        }
        return new Sack(Bytes.i32(v, 0), Bytes.i32(v, 4), blocks);
    }

    Chunk toChunk() {
        byte[] v = new byte[12 + 2 * gapBlocks.length];
        Bytes.put32(v, 0, cumulativeTsnAck);
        Bytes.put32(v, 4, advertisedWindow);
        Bytes.put16(v, 8, gapBlocks.length / 2);
        for (int i = 0; i < gapBlocks.length; i++) {
            Bytes.put16(v, 12 + 2 * i, gapBlocks[i]);
        }
        return Chunk.of(Chunk.SACK, v);
    }
}
