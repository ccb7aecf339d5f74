package io.prochat.rtc.sfu.srtp;

/**
 * A map from SSRC to a stream context: open addressing over an {@code int[]}, so a lookup on the packet path neither
 * boxes nor allocates. Inserting (a new SSRC, rare) may allocate a bigger table. Not thread-safe: the session
 * guards each table with the lock of its direction.
 */
final class SsrcTable<T> {
    private final int capacity;
    private int[] keys = new int[16];
    private Object[] values = new Object[16];
    private int size;

    SsrcTable(int capacity) {
        this.capacity = capacity;
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == ssrc) {
                return (T) v;
            }
        }
    }

    /** Adds a context for an SSRC not in the table; false when the table is full. */
    boolean put(int ssrc, T value) {
        if (size >= capacity) {
            return false;
        }
        if (2 * (size + 1) > keys.length) {
            rehash(keys.length * 2, 0, false);
        }
        insert(keys, values, ssrc, value);
        size++;
        return true;
    }

    /** Drops the SSRC's entry, if any. */
    void remove(int ssrc) {
        if (get(ssrc) != null) {
            rehash(keys.length, ssrc, true);
            size--;
        }
    }

    boolean isFull() {
        return size >= capacity;
    }

    int size() {
        return size;
    }

    void clear() {
        keys = new int[16];
        values = new Object[16];
        size = 0;
    }

    /** Rebuilds the table at {@code length} slots, leaving out {@code skip} when {@code skipping}. */
    private void rehash(int length, int skip, boolean skipping) {
        int[] newKeys = new int[length];
        Object[] newValues = new Object[length];
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null && !(skipping && keys[i] == skip)) {
                insert(newKeys, newValues, keys[i], values[i]);
            }
        }
        keys = newKeys;
        values = newValues;
    }

    private static void insert(int[] keys, Object[] values, int ssrc, Object value) {
        int mask = keys.length - 1;
        int i = slot(ssrc, mask);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = ssrc;
        values[i] = value;
    }

    /** SSRCs are random, but a mix keeps sequential test SSRCs from clustering. */
    private static int slot(int ssrc, int mask) {
        return (ssrc * 0x9E3779B9 >>> 16 ^ ssrc) & mask;
    }
}
