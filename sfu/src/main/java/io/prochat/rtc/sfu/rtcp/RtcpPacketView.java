package io.prochat.rtc.sfu.rtcp;

import java.util.Objects;

/**
 * What the typed RTCP readers share: a reusable, allocation-free view of one RTCP packet in
 * {@code buf[off, off + len)}, with the common header (RFC 3550 §6.4.1) checked by {@code wrap}.
 * The packet length comes from its own length field, so a reader can be wrapped on the first packet
 * of a compound directly; padding is excluded from {@link #length()}.
 *
 * <p>{@code wrap} returns false when the bytes are not this kind of packet or are too short for
 * what it announces; after it returns true no getter reads outside the packet. A range outside
 * {@code buf} is a caller bug and throws IndexOutOfBoundsException.
 */
public abstract sealed class RtcpPacketView
        permits SenderReport, ReceiverReport, Sdes, Bye, Pli, Fir, Nack, Remb, TransportCc {
    /** The 4-byte common header. */
    public static final int HEADER_LENGTH = 4;

    byte[] buf;
    int off;
    int len;

    RtcpPacketView() {
    }

    /** Points this view at the packet at {@code off}; false when it is not this kind of packet. */
    public abstract boolean wrap(byte[] buf, int off, int len);

    /**
     * Checks the common header for {@code packetType} (and {@code fmt} unless it is -1) and sets the
     * packet bounds; {@code minLength} is the least content the type needs.
     */
    /** {@link #load} for SR and RR: the fixed part, then {@code count()} report blocks, all inside the packet. */
    final boolean loadReport(byte[] b, int o, int l, int packetType, int blocksOffset) {
        if (!load(b, o, l, packetType, -1, blocksOffset)) {
            return false;
        }
        if (blocksOffset + ReportBlock.LENGTH * count() > len) {
            buf = null;
            return false;
        }
        return true;
    }

    final boolean load(byte[] b, int o, int l, int packetType, int fmt, int minLength) {
        Objects.checkFromIndexSize(o, l, b.length);
        this.buf = null;
        if (l < HEADER_LENGTH) {
            return false;
        }
        int b0 = b[o] & 0xFF;
        if ((b0 >> 6) != 2 || (b[o + 1] & 0xFF) != packetType || (fmt >= 0 && (b0 & 0x1F) != fmt)) {
            return false;
        }
        int packetLength = 4 * (u16(b, o + 2) + 1);
        if (packetLength > l) {
            return false;
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = b[o + packetLength - 1] & 0xFF;
            if (padding == 0 || padding > packetLength - HEADER_LENGTH) {
                return false;
            }
        }
        if (packetLength - padding < minLength) {
            return false;
        }
        this.buf = b;
        this.off = o;
        this.len = packetLength - padding;
        return true;
    }

    public final byte[] buffer() {
        return buf;
    }

    public final int offset() {
        return off;
    }

    /** Bytes of this packet, header included and padding excluded. */
    public final int length() {
        return len;
    }

    /** The 5-bit count field: report count, source count or FMT, depending on the type. */
    public final int count() {
        return buf[off] & 0x1F;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
    }

    static void put32(byte[] b, int at, long value) {
        b[at] = (byte) (value >> 24);
        b[at + 1] = (byte) (value >> 16);
        b[at + 2] = (byte) (value >> 8);
        b[at + 3] = (byte) value;
    }

    /** Writes a header without padding for a packet of {@code length} bytes (a multiple of 4). */
    static void writeHeader(byte[] b, int at, int count, int packetType, int length) {
        b[at] = (byte) (0x80 | count);
        b[at + 1] = (byte) packetType;
        put16(b, at + 2, length / 4 - 1);
    }

    /** Caller-buffer check shared by the writers: IndexOutOfBoundsException when it does not fit. */
    static void checkRoom(byte[] b, int at, int length) {
        Objects.checkFromIndexSize(at, length, b.length);
    }
}
