package io.prochat.rtc.sfu.rtp;

/** Literal packets written as int lists, the way RFC diagrams read. */
final class Bytes {
    private Bytes() {
    }

    static byte[] of(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
