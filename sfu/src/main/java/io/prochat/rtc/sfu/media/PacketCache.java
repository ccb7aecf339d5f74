package io.prochat.rtc.sfu.media;

/**
 * The last {@code capacity} forwarded packets of one video stream, as sent (after sequence rewriting, before
 * encryption), so NACKs are answered without asking the publisher. A ring of preallocated slots indexed by sequence
 * number; a slot is valid only while it still holds that sequence number.
 *
 * <p>Nothing is allocated until the first packet: a stream that never sends (a listener's camera and screen) costs no
 * index arrays (6 KB at 512 slots); the slots themselves are allocated on first use (the first {@code capacity}
 * packets); after that the ring is reused.
 *
 * <p>Written by the publisher's packet thread, read by receivers' packet threads: the monitor keeps a reader from
 * copying a half-written slot. Uncontended in practice, and it allocates nothing once warm.
 */
public final class PacketCache {
    private final int capacity;
    private final int mask;
    private final int maxPacket;
    // guarded by this; null until the first put
    private byte[][] slots;
    private int[] lengths;
    private int[] seqs;

    /** @param capacity a power of two */
    public PacketCache(int capacity, int maxPacket) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        this.maxPacket = maxPacket;
        this.mask = capacity - 1;
    }

    public synchronized void put(byte[] buf, int off, int len, int seq) {
        if (seqs == null) {
            slots = new byte[capacity][];
            lengths = new int[capacity];
            seqs = new int[capacity];
            java.util.Arrays.fill(seqs, -1);
        }
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
        if (seqs == null || seqs[i] != seq) {
            return -1;
        }
        System.arraycopy(slots[i], 0, dst, 0, lengths[i]);
        return lengths[i];
    }

    public int capacity() {
        return capacity;
    }
}
