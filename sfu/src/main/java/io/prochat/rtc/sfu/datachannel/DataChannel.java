package io.prochat.rtc.sfu.datachannel;

import java.nio.charset.StandardCharsets;

/**
 * One data channel: a label, a sub-protocol, a stream id and its reliability. Sends are queued on the association
 * and return false when the channel is not open, the message is larger than the max message size, or the send buffer
 * is full. Thread-safe.
 */
public final class DataChannel {
    public enum State { CONNECTING, OPEN, CLOSING, CLOSED }

    private static final byte[] EMPTY_PAYLOAD = {0}; // RFC 8831 §6.6: empty messages carry one byte, PPID 56/57

    private final DataChannels owner;
    private final int id;
    private final String label;
    private final String protocol;
    private final Reliability reliability;
    // guarded by owner
    State state;
    boolean incomingReset;
    boolean outgoingReset;

    DataChannel(DataChannels owner, int id, String label, String protocol, Reliability reliability, State state) {
        this.owner = owner;
        this.id = id;
        this.label = label;
        this.protocol = protocol;
        this.reliability = reliability;
        this.state = state;
    }

    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String protocol() {
        return protocol;
    }

    public Reliability reliability() {
        return reliability;
    }

    public State state() {
        return owner.stateOf(this);
    }

    public boolean send(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return b.length == 0 ? owner.send(this, Dcep.PPID_STRING_EMPTY, EMPTY_PAYLOAD)
                : owner.send(this, Dcep.PPID_STRING, b);
    }

    public boolean send(byte[] data) {
        return data.length == 0 ? owner.send(this, Dcep.PPID_BINARY_EMPTY, EMPTY_PAYLOAD)
                : owner.send(this, Dcep.PPID_BINARY, data.clone());
    }

    /** Closes by resetting our outgoing stream (RFC 8831 §6.7); {@code onClose} follows once the peer reset its own. */
    public void close() {
        owner.close(this);
    }

    @Override
    public String toString() {
        return "DataChannel[" + id + " '" + label + "']";
    }
}
