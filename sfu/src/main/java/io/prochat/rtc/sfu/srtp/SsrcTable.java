package io.prochat.rtc.sfu.srtp;

import java.util.Arrays;

/**
 * A small map from SSRC to a value, read without locks or boxing on the packet path.
 *
 * <p>A session holds a handful of SSRCs, so lookups are a linear scan of an {@code int[]}. Writers (rare: a new
 * SSRC) copy the arrays under a lock and publish them through a volatile field, so readers on any thread see a
 * consistent snapshot.
 */
final class SsrcTable<T> {
    private static final class Snapshot {
        final int[] keys;
        final Object[] values;

        Snapshot(int[] keys, Object[] values) {
            this.keys = keys;
            this.values = values;
        }
    }

    private final int capacity;
    private volatile Snapshot snapshot = new Snapshot(new int[0], new Object[0]);

    SsrcTable(int capacity) {
        this.capacity = capacity;
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        Snapshot s = snapshot;
        int[] keys = s.keys;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == ssrc) {
                return (T) s.values[i];
            }
        }
        return null;
    }

    /** Adds the value unless the SSRC is known already or the table is full; returns the value now mapped, or null if full. */
    @SuppressWarnings("unchecked")
    synchronized T putIfAbsent(int ssrc, T value) {
        T existing = get(ssrc);
        if (existing != null) {
            return existing;
        }
        Snapshot s = snapshot;
        if (s.keys.length >= capacity) {
            return null;
        }
        int[] keys = Arrays.copyOf(s.keys, s.keys.length + 1);
        Object[] values = Arrays.copyOf(s.values, s.values.length + 1);
        keys[keys.length - 1] = ssrc;
        values[values.length - 1] = value;
        snapshot = new Snapshot(keys, values);
        return value;
    }

    boolean isFull() {
        return snapshot.keys.length >= capacity;
    }

    int size() {
        return snapshot.keys.length;
    }

    synchronized void clear() {
        snapshot = new Snapshot(new int[0], new Object[0]);
    }
}
