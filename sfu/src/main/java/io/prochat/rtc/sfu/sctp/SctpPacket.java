package io.prochat.rtc.sfu.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An SCTP packet (RFC 9260 §3): the common header and its chunks. The checksum is CRC32c (Appendix A) over the whole
 * packet with the checksum field zero, stored least significant byte first, as every implementation puts it.
 */
record SctpPacket(int sourcePort, int destinationPort, int verificationTag, List<Chunk> chunks) {
    static final int HEADER = 12;

    SctpPacket {
        chunks = List.copyOf(chunks);
    }

    /** The packet, or null when it is shorter than a header, its checksum is wrong, or its chunks do not add up. */
    static SctpPacket parse(byte[] buf, int off, int len, SctpCounters counters) {
        if (len < HEADER + Chunk.HEADER) {
            counters.malformed.increment();
            return null;
        }
        int stored = (buf[off + 8] & 0xFF) | (buf[off + 9] & 0xFF) << 8 | (buf[off + 10] & 0xFF) << 16
                | (buf[off + 11] & 0xFF) << 24;
        if (stored != checksum(buf, off, len)) {
            counters.badChecksum.increment();
            return null;
        }
        List<Chunk> chunks = new ArrayList<>(4);
        int p = off + HEADER;
        int end = off + len;
        while (p + Chunk.HEADER <= end) {
            int type = buf[p] & 0xFF;
            int flags = buf[p + 1] & 0xFF;
            int length = Bytes.u16(buf, p + 2);
            if (length < Chunk.HEADER || p + length > end || chunks.size() >= 64) {
                counters.malformed.increment();
                return null;
            }
            byte[] value = new byte[length - Chunk.HEADER];
            System.arraycopy(buf, p + Chunk.HEADER, value, 0, value.length);
            chunks.add(new Chunk(type, flags, value));
            p += (length + 3) & ~3;
        }
        if (chunks.isEmpty()) {
            counters.malformed.increment();
            return null;
        }
        return new SctpPacket(Bytes.u16(buf, off), Bytes.u16(buf, off + 2), Bytes.i32(buf, off + 4), chunks);
    }

    byte[] encode() {
        int len = HEADER;
        for (Chunk c : chunks) {
            len += c.wireLength();
        }
        byte[] b = new byte[len];
        Bytes.put16(b, 0, sourcePort);
        Bytes.put16(b, 2, destinationPort);
        Bytes.put32(b, 4, verificationTag);
        int p = HEADER;
        for (Chunk c : chunks) {
            b[p] = (byte) c.type();
            b[p + 1] = (byte) c.flags();
            Bytes.put16(b, p + 2, Chunk.HEADER + c.value().length);
            System.arraycopy(c.value(), 0, b, p + Chunk.HEADER, c.value().length);
            p += c.wireLength();
        }
        int crc = checksum(b, 0, len);
        b[8] = (byte) crc;
        b[9] = (byte) (crc >>> 8);
        b[10] = (byte) (crc >>> 16);
        b[11] = (byte) (crc >>> 24);
        return b;
    }

    /** CRC32c of the packet as if its checksum field were zero. */
    static int checksum(byte[] buf, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(buf, off, 8);
        crc.update(ZEROS, 0, 4);
        crc.update(buf, off + HEADER, len - HEADER);
        return (int) crc.getValue();
    }

    private static final byte[] ZEROS = new byte[4];
}
