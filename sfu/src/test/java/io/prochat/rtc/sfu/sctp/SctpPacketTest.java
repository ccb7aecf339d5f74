package io.prochat.rtc.sfu.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

/** The codec on literal bytes, both ways. */
class SctpPacketTest {
    /**
     * An INIT as Chromium sends it (ports 5000, tag 0, 65535 streams each way), with
     * Forward-TSN-Supported and Supported Extensions {RE-CONFIG, FORWARD-TSN}; checksum stored little-endian. The chunk length (30) leaves out the last parameter's padding (§3.2).
     */
    private static final String INIT = "13881388" + "00000000" + "CCCCCCCC"
            + "0100001E" + "11223344" + "00020000" + "FFFF" + "FFFF" + "AABBCCDD"
            + "C0000004" + "80080006" + "82C00000";

    @Test
    void crc32cIsTheCastagnoliPolynomial() {
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, crc.getValue()); // the standard check value
    }

    @Test
    void parsesAChromiumStyleInitAndWritesTheSameBytes() {
        byte[] b = HexFormat.of().parseHex(INIT);
        int crc = SctpPacket.checksum(b, 0, b.length);
        b[8] = (byte) crc;
        b[9] = (byte) (crc >>> 8);
        b[10] = (byte) (crc >>> 16);
        b[11] = (byte) (crc >>> 24);
        SctpCounters counters = new SctpCounters();
        SctpPacket p = SctpPacket.parse(b, 0, b.length, counters);
        assertEquals(5000, p.sourcePort());
        assertEquals(0, p.verificationTag());
        InitChunk init = InitChunk.parse(p.chunks().get(0));
        assertEquals(0x11223344, init.initiateTag());
        assertEquals(0x20000, init.advertisedWindow());
        assertEquals(65535, init.outboundStreams());
        assertEquals(0xAABBCCDD, init.initialTsn());
        assertTrue(init.forwardTsn());
        assertTrue(init.reconfig());
        assertArrayEquals(b, new SctpPacket(5000, 5000, 0, List.of(init.toChunk(Chunk.INIT))).encode());
    }

    @Test
    void dataChunkFlagsAndPadding() {
        DataChunk d = new DataChunk(7, 3, 9, 51, true, true, false, "abcde".getBytes(StandardCharsets.US_ASCII));
        byte[] wire = new SctpPacket(5000, 5000, 0x01020304, List.of(d.toChunk())).encode();
        // header 12 + chunk header 4 + DATA fields 12 + 5 bytes, padded to 36; length field says 21
        assertEquals(36, wire.length);
        assertEquals(0, wire[12]); // DATA
        assertEquals(6, wire[13]); // U and B
        assertEquals(21, Bytes.u16(wire, 14));
        SctpPacket back = SctpPacket.parse(wire, 0, wire.length, new SctpCounters());
        DataChunk parsed = DataChunk.parse(back.chunks().get(0));
        assertEquals(d.tsn(), parsed.tsn());
        assertEquals(d.ssn(), parsed.ssn());
        assertTrue(parsed.unordered() && parsed.beginning() && !parsed.ending());
        assertArrayEquals(d.payload(), parsed.payload());
    }

    @Test
    void badChecksumAndBadLengthsAreCountedNotThrown() {
        byte[] b = new SctpPacket(5000, 5000, 1, List.of(Chunk.of(Chunk.COOKIE_ACK, new byte[0]))).encode();
        SctpCounters counters = new SctpCounters();
        b[8] ^= 1;
        assertNull(SctpPacket.parse(b, 0, b.length, counters));
        assertEquals(1, counters.badChecksum());
        b[8] ^= 1;
        Bytes.put16(b, 14, 100); // a chunk longer than the packet
        int crc = SctpPacket.checksum(b, 0, b.length);
        b[8] = (byte) crc;
        b[9] = (byte) (crc >>> 8);
        b[10] = (byte) (crc >>> 16);
        b[11] = (byte) (crc >>> 24);
        assertNull(SctpPacket.parse(b, 0, b.length, counters));
        assertEquals(1, counters.malformed());
    }
}
