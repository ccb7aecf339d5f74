package io.prochat.rtc.sfu;

/**
 * Where the forwarding path sends: encrypt in place and send, never throw, false when dropped. A
 * {@link MediaTransport} is one; tests and benchmarks use others.
 */
public interface PacketSender {
    /** {@code buf} has {@link MediaTransport#TAIL_ROOM} bytes after {@code off + len} for the SRTP tag. */
    boolean sendRtp(byte[] buf, int off, int len);

    boolean sendRtcp(byte[] buf, int off, int len);
}
