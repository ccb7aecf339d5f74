package io.prochat.rtc.sfu.cc;

/**
 * Where a receiver's probe padding is sent: an RTX stream it negotiated (RFC 4588), on which a padding-only packet
 * carries nothing to decode, is counted by its transport-cc feedback, and takes the stream's next sequence number,
 * so the SRTP index of that SSRC keeps growing. Called on the receiver's packet thread only.
 */
public interface PaddingSource {
    /**
     * Writes one padding-only RTP packet of at most {@code size} bytes into {@code buf} from 0; returns its length,
     * or -1 when this source can no longer be padded on (its stream was replaced).
     */
    int writePadding(byte[] buf, int size);
}
