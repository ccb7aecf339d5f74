package io.prochat.rtc.sfu.rtcp;

import java.util.Objects;

/**
 * Walks the packets of a compound RTCP datagram (RFC 3550 §6.1) after SRTCP decryption, without
 * allocating. {@link #wrap} checks the whole chain first (every header, length and padding count),
 * so iteration cannot run past the datagram; wrap the typed readers on
 * {@link #packetOffset()}/{@link #packetLength()} for the content.
 *
 * <pre>{@code
 * if (!compound.wrap(buf, off, len)) { drop(); return; }
 * while (compound.next()) {
 *     if (compound.packetType() == RtcpType.PSFB && compound.count() == RtcpType.FMT_PLI
 *             && pli.wrap(buf, compound.packetOffset(), compound.packetLength())) { ... }
 * }
 * }</pre>
 *
 * <p>Reduced-size RTCP (RFC 5506, negotiated by {@code a=rtcp-rsize}) is accepted: the first packet
 * need not be SR or RR. Padding is accepted on any packet, not only the last.
 */
public final class RtcpCompoundReader {
    private byte[] buf;
    private int end;
    private int next;
    private int current = -1;
    private int currentLength;

    /** Points the reader at a datagram; false when any packet in it is malformed. */
    public boolean wrap(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = null;
        this.current = -1;
        if (problem(buf, off, len) != null) {
            return false;
        }
        this.buf = buf;
        this.end = off + len;
        this.next = off;
        return true;
    }

    /** Checks a datagram, naming the first problem (allocating convenience for tools and tests). */
    public static void validate(byte[] buf, int off, int len) throws RtcpFormatException {
        Objects.checkFromIndexSize(off, len, buf.length);
        String problem = problem(buf, off, len);
        if (problem != null) {
            throw new RtcpFormatException(problem);
        }
    }

    private static String problem(byte[] buf, int off, int len) {
        if (len < RtcpPacketView.HEADER_LENGTH) {
            return "shorter than an RTCP header";
        }
        int end = off + len;
        for (int p = off; p < end; ) {
            if (end - p < RtcpPacketView.HEADER_LENGTH) {
                return "trailing bytes shorter than an RTCP header at " + (p - off);
            }
            int b0 = buf[p] & 0xFF;
            if ((b0 >> 6) != 2) {
                return "RTCP version is not 2 at " + (p - off);
            }
            int length = 4 * (RtcpPacketView.u16(buf, p + 2) + 1);
            if (length > end - p) {
                return "RTCP length field runs past the end at " + (p - off);
            }
            if ((b0 & 0x20) != 0) {
                int padding = buf[p + length - 1] & 0xFF;
                if (padding == 0 || padding > length - RtcpPacketView.HEADER_LENGTH) {
                    return "bad RTCP padding at " + (p - off);
                }
            }
            p += length;
        }
        return null;
    }

    /** Moves to the next packet; false after the last one. */
    public boolean next() {
        if (buf == null || next >= end) {
            return false;
        }
        current = next;
        currentLength = 4 * (RtcpPacketView.u16(buf, current + 2) + 1);
        next += currentLength;
        return true;
    }

    public int packetType() {
        return buf[current + 1] & 0xFF;
    }

    /** Report count, source count or FMT, depending on {@link #packetType()}. */
    public int count() {
        return buf[current] & 0x1F;
    }

    /** Absolute offset of the current packet in the buffer. */
    public int packetOffset() {
        return current;
    }

    /** Length of the current packet as its header declares it, padding included. */
    public int packetLength() {
        return currentLength;
    }
}
