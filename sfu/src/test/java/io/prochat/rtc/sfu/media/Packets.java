package io.prochat.rtc.sfu.media;

/** Literal RTP packets for the tests. */
final class Packets {
    private Packets() {
    }

    /** V=2, PT 96, the given seq/timestamp/SSRC, 4 payload bytes, in an array with tail room. */
    static byte[] rtp(int seq, long ts, long ssrc) {
        byte[] b = new byte[16 + 64];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        put32(b, 4, ts);
        put32(b, 8, ssrc);
        b[12] = 1;
        b[13] = 2;
        b[14] = 3;
        b[15] = 4;
        return b;
    }

    /** Opus with a one-byte header extension block holding audio level (id 1). */
    static byte[] audio(int seq, long ssrc, int level) {
        byte[] b = new byte[24 + 64];
        b[0] = (byte) 0x90; // X bit
        b[1] = 111;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        put32(b, 4, seq * 960L);
        put32(b, 8, ssrc);
        b[12] = (byte) 0xBE;
        b[13] = (byte) 0xDE;
        b[14] = 0;
        b[15] = 1; // one 32-bit word of extensions
        b[16] = 0x10; // id 1, length 1
        b[17] = (byte) level;
        b[18] = 0;
        b[19] = 0;
        b[20] = 9; // payload
        return b;
    }

    static int seq(byte[] b) {
        return ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
