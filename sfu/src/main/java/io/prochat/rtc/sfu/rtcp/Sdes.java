package io.prochat.rtc.sfu.rtcp;

import java.nio.charset.StandardCharsets;

/**
 * Source description, PT 202 (RFC 3550 §6.5): {@link #count()} chunks, each an SSRC followed by
 * type-length-text items, ended by a zero octet and padded to 32 bits. {@link #wrap} checks every
 * chunk; then iterate without allocating:
 *
 * <pre>{@code
 * while (sdes.nextChunk()) {
 *     long ssrc = sdes.chunkSsrc();
 *     while (sdes.nextItem()) { if (sdes.itemType() == Sdes.CNAME) { ... sdes.itemOffset(), sdes.itemLength() } }
 * }
 * }</pre>
 */
public final class Sdes extends RtcpPacketView {
    public static final int CNAME = 1;
    public static final int NAME = 2;
    public static final int TOOL = 6;
    public static final int NOTE = 7;
    public static final int PRIV = 8;
    /** RFC 8852 RtpStreamId. */
    public static final int RTP_STREAM_ID = 13;
    /** RFC 8852 RepairedRtpStreamId. */
    public static final int REPAIRED_RTP_STREAM_ID = 14;
    /** RFC 9143 MID. */
    public static final int MID = 15;

    private int nextChunk;
    private int chunksLeft;
    private int chunk;
    private int nextItem;
    private int item;

    @Override
    public boolean wrap(byte[] buf, int off, int len) {
        if (!load(buf, off, len, RtcpType.SDES, -1, HEADER_LENGTH)) {
            return false;
        }
        int p = off + HEADER_LENGTH;
        for (int i = 0; i < count(); i++) {
            p = chunkEnd(p);
            if (p < 0) {
                this.buf = null;
                return false;
            }
        }
        nextChunk = off + HEADER_LENGTH;
        chunksLeft = count();
        nextItem = -1;
        return true;
    }

    /** End of the chunk starting at {@code start} (after its null octets), or -1 if it overruns. */
    private int chunkEnd(int start) {
        int end = off + len;
        int p = start + 4;
        while (p < end) {
            int type = buf[p] & 0xFF;
            if (type == 0) {
                int aligned = off + (((p + 1 - off) + 3) & ~3);
                return aligned <= end ? aligned : -1;
            }
            if (p + 2 > end) {
                return -1;
            }
            p += 2 + (buf[p + 1] & 0xFF);
        }
        return -1;
    }

    /** Moves to the next chunk; false after the last. */
    public boolean nextChunk() {
        if (buf == null || chunksLeft == 0) {
            return false;
        }
        chunk = nextChunk;
        nextChunk = chunkEnd(chunk);
        chunksLeft--;
        nextItem = chunk + 4;
        return true;
    }

    public long chunkSsrc() {
        return u32(buf, chunk);
    }

    /** Moves to the next item of the current chunk; false at its end. */
    public boolean nextItem() {
        if (buf == null || nextItem < 0 || buf[nextItem] == 0) {
            nextItem = -1;
            return false;
        }
        item = nextItem;
        nextItem = item + 2 + (buf[item + 1] & 0xFF);
        return true;
    }

    public int itemType() {
        return buf[item] & 0xFF;
    }

    /** Absolute offset of the item text. */
    public int itemOffset() {
        return item + 2;
    }

    public int itemLength() {
        return buf[item + 1] & 0xFF;
    }

    /** The item text (allocates). */
    public String itemText() {
        return new String(buf, itemOffset(), itemLength(), StandardCharsets.UTF_8);
    }

    /** Writes an SDES with one chunk holding one CNAME item (RFC 3550 §6.5.1) and returns its length. */
    public static int writeCname(byte[] buf, int off, long ssrc, byte[] cname) {
        if (cname.length > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes");
        }
        int length = (HEADER_LENGTH + 4 + 2 + cname.length + 1 + 3) & ~3;
        checkRoom(buf, off, length);
        writeHeader(buf, off, 1, RtcpType.SDES, length);
        put32(buf, off + 4, ssrc);
        buf[off + 8] = (byte) CNAME;
        buf[off + 9] = (byte) cname.length;
        System.arraycopy(cname, 0, buf, off + 10, cname.length);
        for (int p = off + 10 + cname.length; p < off + length; p++) {
            buf[p] = 0;
        }
        return length;
    }
}
