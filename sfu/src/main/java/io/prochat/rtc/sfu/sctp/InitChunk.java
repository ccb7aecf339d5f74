package io.prochat.rtc.sfu.sctp;

import java.io.ByteArrayOutputStream;

/**
 * INIT and INIT ACK (RFC 9260 §3.3.2, §3.3.3) with the parameters WebRTC uses: the state cookie (INIT ACK only),
 * Forward-TSN-Supported (RFC 3758 §3.1) and Supported Extensions (RFC 5061 §4.2.7) naming RE-CONFIG and FORWARD-TSN.
 */
record InitChunk(int initiateTag, int advertisedWindow, int outboundStreams, int inboundStreams, int initialTsn,
        byte[] cookie, boolean forwardTsn, boolean reconfig) {
    private static final int PARAM_COOKIE = 7;
    private static final int PARAM_SUPPORTED_EXTENSIONS = 0x8008;
    private static final int PARAM_FORWARD_TSN_SUPPORTED = 0xC000;
    private static final int FIXED = 16;

    /** Null when the fixed part is short or invalid (§3.3.2: zero tag or zero stream counts are not allowed). */
    static InitChunk parse(Chunk c) {
        byte[] v = c.value();
        if (v.length < FIXED) {
            return null;
        }
        int tag = Bytes.i32(v, 0);
        int os = Bytes.u16(v, 8);
        int mis = Bytes.u16(v, 10);
        if (tag == 0 || os == 0 || mis == 0) {
            return null;
        }
        byte[] cookie = null;
        boolean forwardTsn = false;
        boolean reconfig = false;
        int p = FIXED;
        while (p + 4 <= v.length) {
            int type = Bytes.u16(v, p);
            int len = Bytes.u16(v, p + 2);
            if (len < 4 || p + len > v.length) {
                return null;
            }
            switch (type) {
                case PARAM_COOKIE -> {
                    cookie = new byte[len - 4];
                    System.arraycopy(v, p + 4, cookie, 0, cookie.length);
                }
                case PARAM_FORWARD_TSN_SUPPORTED -> forwardTsn = true;
                case PARAM_SUPPORTED_EXTENSIONS -> {
                    for (int i = p + 4; i < p + len; i++) {
                        int t = v[i] & 0xFF;
                        forwardTsn |= t == Chunk.FORWARD_TSN;
                        reconfig |= t == Chunk.RE_CONFIG;
                    }
                }
                default -> {
                    // §3.2.1: the high bit clear means "stop processing parameters"; we skip reporting either way
                    if ((type & 0x8000) == 0) {
                        return new InitChunk(tag, Bytes.i32(v, 4), os, mis, Bytes.i32(v, 12), cookie, forwardTsn,
                                reconfig);
                    }
                }
            }
            p += (len + 3) & ~3;
        }
        return new InitChunk(tag, Bytes.i32(v, 4), os, mis, Bytes.i32(v, 12), cookie, forwardTsn, reconfig);
    }

    Chunk toChunk(int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        byte[] fixed = new byte[FIXED];
        Bytes.put32(fixed, 0, initiateTag);
        Bytes.put32(fixed, 4, advertisedWindow);
        Bytes.put16(fixed, 8, outboundStreams);
        Bytes.put16(fixed, 10, inboundStreams);
        Bytes.put32(fixed, 12, initialTsn);
        out.writeBytes(fixed);
        if (cookie != null) {
            param(out, PARAM_COOKIE, cookie);
        }
        if (forwardTsn) {
            param(out, PARAM_FORWARD_TSN_SUPPORTED, new byte[0]);
        }
        byte[] extensions = reconfig && forwardTsn ? new byte[] {(byte) Chunk.RE_CONFIG, (byte) Chunk.FORWARD_TSN}
                : reconfig ? new byte[] {(byte) Chunk.RE_CONFIG}
                : forwardTsn ? new byte[] {(byte) Chunk.FORWARD_TSN} : new byte[0];
        int padding = 0;
        if (extensions.length > 0) {
            padding = param(out, PARAM_SUPPORTED_EXTENSIONS, extensions);
        } else if (cookie != null && !forwardTsn) {
            padding = (4 - (cookie.length & 3)) & 3;
        }
        return Chunk.of(type, withoutFinalPadding(out, padding));
    }

    /** Writes a parameter with its padding (§3.2.1); returns the number of padding bytes. */
    static int param(ByteArrayOutputStream out, int type, byte[] value) {
        byte[] head = new byte[4];
        Bytes.put16(head, 0, type);
        Bytes.put16(head, 2, 4 + value.length);
        out.writeBytes(head);
        out.writeBytes(value);
        int padding = (4 - (value.length & 3)) & 3;
        out.write(new byte[padding], 0, padding);
        return padding;
    }

    /** §3.2: the chunk length counts the padding of every parameter but the last; the packet pads that one. */
    static byte[] withoutFinalPadding(ByteArrayOutputStream out, int padding) {
        byte[] b = out.toByteArray();
        return padding == 0 ? b : java.util.Arrays.copyOf(b, b.length - padding);
    }
}
