package io.prochat.rtc.sfu.rtp;

import java.util.Arrays;

/**
 * Rewrites the payload type and the header extension ids of RTP packets from one numbering to another, in place and
 * without allocating: what lets clients that number codecs and extensions differently (Firefox: Opus 109, VP8 120;
 * Chromium: 111, 96) share a room. Each client's packets are put into the room's numbering on the way in and into the
 * receiver's on the way out.
 *
 * <p>A payload type without a mapping passes unchanged; an extension id without one becomes {@code unknownId}, an
 * id the receiving side never negotiated, so it skips the element (RFC 8285 §4.2). A numbering whose every mapping
 * is to itself is {@link #IDENTITY}, which leaves packets alone (Chromium in a room numbered like Chromium: the
 * common case costs nothing). Both one-byte ({@code 0xBEDE})
 * and two-byte ({@code 0x100X}) extension blocks are rewritten; a malformed block is left as it is.
 */
public final class RtpNumbering {
    /** Changes nothing. */
    public static final RtpNumbering IDENTITY = new RtpNumbering(new int[128], new int[256], 0, true);

    private final byte[] payloadTypes = new byte[128];
    private final byte[] extensionIds = new byte[256];
    private final boolean identity;
    private final int unknownId;

    private RtpNumbering(int[] pt, int[] ext, int unknownId, boolean identity) {
        this.unknownId = unknownId;
        for (int i = 0; i < 128; i++) {
            payloadTypes[i] = (byte) (pt[i] != 0 ? pt[i] : i);
        }
        for (int i = 1; i < 256; i++) {
            extensionIds[i] = (byte) (ext[i] != 0 ? ext[i] : identity ? i : unknownId);
        }
        this.identity = identity;
    }

    /** Whether {@link #apply} would change nothing, so callers may skip it. */
    public boolean isIdentity() {
        return identity;
    }

    /** The payload type {@code pt} becomes. */
    public int payloadType(int pt) {
        return payloadTypes[pt & 0x7F];
    }

    /** The extension id {@code id} becomes. */
    public int extensionId(int id) {
        return extensionIds[id & 0xFF] & 0xFF;
    }

    /** Rewrites one RTP packet in place; a packet too short to hold what its header announces is left alone. */
    public void apply(byte[] buf, int off, int len) {
        if (identity || len < 12) {
            return;
        }
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | payloadTypes[buf[off + 1] & 0x7F]);
        renameExtensions(buf, off, len, extensionIds, unknownId);
    }

    /**
     * Gives every header extension element of an RTP packet the id {@code ids[id]}, in place, in either header form
     * (RFC 8285 §4.2 one-byte, §4.3 two-byte); an id above 14 has no one-byte form and becomes {@code oneByteFallback}.
     * A packet without an extension block, or with one longer than the packet, is left as it is.
     */
    public static void renameExtensions(byte[] buf, int off, int len, byte[] ids, int oneByteFallback) {
        if (len < 12 || (buf[off] & 0x10) == 0) {
            return;
        }
        int at = off + 12 + 4 * (buf[off] & 0x0F);
        if (at + 4 > off + len) {
            return;
        }
        int profile = ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
        int end = at + 4 + 4 * (((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF));
        if (end > off + len) {
            return;
        }
        if (profile == 0xBEDE) {
            oneByte(buf, at + 4, end, ids, oneByteFallback);
        } else if ((profile & 0xFFF0) == 0x1000) {
            twoByte(buf, at + 4, end, ids);
        }
    }

    /** A table for {@link #renameExtensions} that renames {@code from} ids (0 = none) to {@code to}, and keeps the rest. */
    public static byte[] renaming(int to, int... from) {
        byte[] ids = new byte[256];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (byte) i;
        }
        for (int id : from) {
            if (id > 0 && id < 256) {
                ids[id] = (byte) to;
            }
        }
        return ids;
    }

    private static void oneByte(byte[] buf, int p, int end, byte[] ids, int fallback) {
        while (p < end) {
            int h = buf[p] & 0xFF;
            if (h == 0) {
                p++; // padding
                continue;
            }
            int id = h >> 4;
            if (id == 15) {
                return; // RFC 8285: stop here
            }
            int to = ids[id] & 0xFF;
            buf[p] = (byte) (((to > 14 ? fallback : to) << 4) | (h & 0x0F)); // a two-byte id has no one-byte form
            p += 2 + (h & 0x0F);
        }
    }

    private static void twoByte(byte[] buf, int p, int end, byte[] ids) {
        while (p + 1 < end) {
            int id = buf[p] & 0xFF;
            if (id == 0) {
                p++; // padding
                continue;
            }
            buf[p] = ids[id];
            p += 2 + (buf[p + 1] & 0xFF);
        }
    }

    /** Collects mappings; what is not mapped keeps its payload type, and its extension id becomes the unknown one. */
    public static final class Builder {
        private final int[] pt = new int[128];
        private final int[] ext = new int[256];
        private final int unknownId;

        /** @param unknownId an id in 1..14 the receiving side never negotiated */
        public Builder(int unknownId) {
            if (unknownId < 1 || unknownId > 14) {
                throw new IllegalArgumentException("unknown-extension id must be 1..14: " + unknownId);
            }
            this.unknownId = unknownId;
        }

        /** Maps payload type {@code from} to {@code to}; 0 or a negative value on either side is ignored. */
        public Builder payloadType(int from, int to) {
            if (from > 0 && to > 0) {
                pt[from & 0x7F] = to & 0x7F;
            }
            return this;
        }

        /** Maps extension id {@code from} to {@code to}; 0 on either side (not negotiated) is ignored. */
        public Builder extension(int from, int to) {
            if (from > 0 && to > 0) {
                ext[from & 0xFF] = to;
            }
            return this;
        }

        public RtpNumbering build() {
            boolean identity = true;
            for (int i = 1; i < 128 && identity; i++) {
                identity = pt[i] == 0 || pt[i] == i;
            }
            for (int i = 1; i < 256 && identity; i++) {
                identity = ext[i] == 0 || ext[i] == i;
            }
            return identity ? IDENTITY : new RtpNumbering(pt, Arrays.copyOf(ext, 256), unknownId, false);
        }
    }
}
