package io.prochat.rtc.sfu.media;

/**
 * Finds the stream a participant's RTP packet belongs to by its SSRC: one of its own streams, or a layer of its
 * simulcast screen share, bound by the rid of the layer's first packet ({@link SimulcastGroup#bind}). An SSRC it
 * never negotiated (a probe) has none and is dropped as {@code unknown_ssrc}. One per participant.
 */
final class StreamLookup {
    private final StreamTable own;
    /** This participant's simulcast screen share, or null (set by the control thread). */
    volatile SimulcastGroup simulcast;
    /** This participant's packets on an unknown SSRC (its packet thread writes). */
    volatile long unknown;

    StreamLookup(StreamTable own) {
        this.own = own;
    }

    /** The packet's stream, or null when it has none (counted here). */
    StreamSource find(byte[] buf, int off, int len) {
        long ssrc = ((buf[off + 8] & 0xFFL) << 24) | ((buf[off + 9] & 0xFF) << 16) | ((buf[off + 10] & 0xFF) << 8)
                | (buf[off + 11] & 0xFF);
        StreamSource s = own.find(ssrc);
        if (s == null) {
            SimulcastGroup g = simulcast;
            s = g == null ? null : g.bind(buf, off, len, ssrc); // a layer's first packet names its rid
            if (s == null) {
                unknown++;
            }
        }
        return s;
    }
}
