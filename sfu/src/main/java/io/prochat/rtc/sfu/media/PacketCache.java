package io.prochat.rtc.sfu.media;

/**
 * The last {@code capacity} forwarded packets of one video stream, as sent (after sequence rewriting, before
 * encryption), so NACKs are answered without asking the publisher. A ring of preallocated slots indexed by sequence
 * number; a slot is valid only while it still holds that sequence number.
 *
 * <p>Slots are allocated on first use (the first {@code capacity} packets), so a stream that never sends costs
 * nothing; after that the ring is reused.
 *
 * <p>Written by the publisher's packet thread, read by receivers' packet threads: the monitor keeps a reader from
 * copying a half-written slot. Uncontended in practice, and it allocates nothing.
 */
public final class PacketCache {
    private final byte[][] slots;
    private final int[] lengths;
    private final int[] seqs;
    private final int mask;
    private final int maxPacket;

    /** @param capacity a power of two */
    public PacketCache(int capacity, int maxPacket) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.slots = new byte[capacity][];
        this.maxPacket = maxPacket;
        this.lengths = new int[capacity];
        this.seqs = new int[capacity];
        this.mask = capacity - 1;
        java.util.Arrays.fill(seqs, -1);
    }

    public synchronized void put(byte[] buf, int off, int len, int seq) {
        int i = seq & mask;
        if (len > maxPacket) {
            seqs[i] = -1;
            return;
        }
        if (slots[i] == null) {
            slots[i] = new byte[maxPacket];
        }
        System.arraycopy(buf, off, slots[i], 0, len);
        lengths[i] = len;
        seqs[i] = seq;
    }

    /** Copies packet {@code seq} into {@code dst} at 0 and returns its length, or -1 when it is no longer held. */
    public synchronized int copy(int seq, byte[] dst) {
        int i = seq & mask;
        if (seqs[i] != seq) {
            return -1;
        }
        System.arraycopy(slots[i], 0, dst, 0, lengths[i]);
        return lengths[i];
    }

    public int capacity() {
        return slots.length;
    }
}
