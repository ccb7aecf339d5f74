package io.prochat.rtc.sfu.media;

import java.util.Arrays;

/**
 * A copy-on-write set of streams looked up by SSRC without allocating. Packet threads read; the control thread
 * adds and removes. A participant has a handful of streams and a room a few hundred, so a linear scan is enough.
 */
public final class StreamTable {
    private static final StreamSource[] NONE = {};
    private volatile StreamSource[] streams = NONE;

    public StreamSource find(long ssrc) {
        for (StreamSource s : streams) {
            if (s.ssrc() == ssrc) {
                return s;
            }
        }
        return null;
    }

    public synchronized void add(StreamSource s) {
        StreamSource[] cur = streams;
        StreamSource[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = s;
        streams = next;
    }

    public synchronized void remove(StreamSource s) {
        streams = Arrays.stream(streams).filter(x -> x != s).toArray(StreamSource[]::new);
    }

    public StreamSource[] snapshot() {
        return streams;
    }

    public int size() {
        return streams.length;
    }
}
