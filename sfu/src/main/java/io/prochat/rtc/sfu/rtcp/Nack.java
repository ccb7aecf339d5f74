package io.prochat.rtc.sfu.rtcp;

/**
 * Generic NACK, RTPFB FMT 1 (RFC 4585 §6.2.1): FCI entries of PID (a lost sequence number) and BLP
 * (a bitmask: bit i set means PID + i + 1 is lost too), so one entry names up to 17 packets.
 */
public final class Nack extends RtcpPacketView {
    private static final int FCI = 12;
    private static final int ENTRY = 4;

    @Override
    public boolean wrap(byte[] buf, int off, int len) {
        return load(buf, off, len, RtcpType.RTPFB, RtcpType.FMT_NACK, FCI + ENTRY);
    }

    public long senderSsrc() {
        return u32(buf, off + 4);
    }

    /** The SSRC whose packets are missing. */
    public long mediaSsrc() {
        return u32(buf, off + 8);
    }

    public int entryCount() {
        return (len - FCI) / ENTRY;
    }

    public int packetId(int i) {
        java.util.Objects.checkIndex(i, entryCount());
        return u16(buf, off + FCI + ENTRY * i);
    }

    public int bitmask(int i) {
        java.util.Objects.checkIndex(i, entryCount());
        return u16(buf, off + FCI + ENTRY * i + 2);
    }

    /** How many sequence numbers all entries name together. */
    public int lostCount() {
        int n = 0;
        for (int i = 0; i < entryCount(); i++) {
            n += 1 + Integer.bitCount(bitmask(i));
        }
        return n;
    }

    /**
     * Expands the entries into {@code out} in packet order (PID, then its BLP bits from low to high)
     * and returns how many were written, at most {@code out.length}.
     */
    public int lostSequenceNumbers(int[] out) {
        int n = 0;
        for (int i = 0; i < entryCount() && n < out.length; i++) {
            int pid = packetId(i);
            int blp = bitmask(i);
            out[n++] = pid;
            for (int bit = 0; bit < 16 && n < out.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    out[n++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return n;
    }

    /** Bytes {@link #write} needs for these sequence numbers. */
    public static int lengthFor(int[] lost, int count) {
        return FCI + ENTRY * entriesFor(lost, count);
    }

    /**
     * Writes a NACK for {@code lost[0, count)} and returns its length. Sequence numbers are packed in
     * the given order: each starts a new entry unless it falls within the 16 after the current PID, so
     * pass them ascending (modulo 2^16) for the smallest packet.
     */
    public static int write(byte[] buf, int off, long senderSsrc, long mediaSsrc, int[] lost, int count) {
        if (count <= 0 || count > lost.length) {
            throw new IllegalArgumentException("a NACK needs 1.." + lost.length + " sequence numbers, got " + count);
        }
        int length = lengthFor(lost, count);
        checkRoom(buf, off, length);
        writeHeader(buf, off, RtcpType.FMT_NACK, RtcpType.RTPFB, length);
        put32(buf, off + 4, senderSsrc);
        put32(buf, off + 8, mediaSsrc);
        int at = off + FCI;
        int i = 0;
        while (i < count) {
            int pid = lost[i] & 0xFFFF;
            int blp = 0;
            int j = i + 1;
            for (; j < count; j++) {
                int distance = (lost[j] - pid) & 0xFFFF;
                if (distance < 1 || distance > 16) {
                    break;
                }
                blp |= 1 << (distance - 1);
            }
            put16(buf, at, pid);
            put16(buf, at + 2, blp);
            at += ENTRY;
            i = j;
        }
        return length;
    }

    private static int entriesFor(int[] lost, int count) {
        int entries = 0;
        int i = 0;
        while (i < count) {
            int pid = lost[i] & 0xFFFF;
            int j = i + 1;
            while (j < count) {
                int distance = (lost[j] - pid) & 0xFFFF;
                if (distance < 1 || distance > 16) {
                    break;
                }
                j++;
            }
            entries++;
            i = j;
        }
        return entries;
    }
}
