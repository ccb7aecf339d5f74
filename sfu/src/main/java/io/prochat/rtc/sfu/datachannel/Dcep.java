package io.prochat.rtc.sfu.datachannel;

import java.nio.charset.StandardCharsets;

/** DCEP messages (RFC 8832 §5), sent on the channel's stream with PPID {@link #PPID}. */
final class Dcep {
    static final int PPID = 50;
    static final int PPID_STRING = 51;
    static final int PPID_BINARY = 53;
    static final int PPID_STRING_EMPTY = 56;
    static final int PPID_BINARY_EMPTY = 57;

    private static final int OPEN = 0x03;
    private static final int ACK = 0x02;
    private static final int OPEN_FIXED = 12;

    sealed interface Message permits Open, Ack {
    }

    /** DATA_CHANNEL_OPEN (§5.1). */
    record Open(Reliability reliability, int priority, String label, String protocol) implements Message {
        byte[] encode() {
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
            byte[] b = new byte[OPEN_FIXED + l.length + p.length];
            b[0] = OPEN;
            b[1] = (byte) reliability.channelType();
            put16(b, 2, priority);
            int param = reliability.parameter();
            b[4] = (byte) (param >>> 24);
            b[5] = (byte) (param >>> 16);
            b[6] = (byte) (param >>> 8);
            b[7] = (byte) param;
            put16(b, 8, l.length);
            put16(b, 10, p.length);
            System.arraycopy(l, 0, b, OPEN_FIXED, l.length);
            System.arraycopy(p, 0, b, OPEN_FIXED + l.length, p.length);
            return b;
        }
    }

    /** DATA_CHANNEL_ACK (§5.2). */
    record Ack() implements Message {
        static final byte[] ENCODED = {ACK};
    }

    private Dcep() {
    }

    /** The message, or null when it is not one we understand. */
    static Message parse(byte[] b) {
        if (b.length == 1 && b[0] == ACK) {
            return new Ack();
        }
        if (b.length < OPEN_FIXED || b[0] != OPEN) {
            return null;
        }
        Reliability r = Reliability.fromChannelType(b[1] & 0xFF,
                ((b[4] & 0xFF) << 24) | ((b[5] & 0xFF) << 16) | ((b[6] & 0xFF) << 8) | (b[7] & 0xFF));
        int labelLength = u16(b, 8);
        int protocolLength = u16(b, 10);
        if (r == null || OPEN_FIXED + labelLength + protocolLength != b.length) {
            return null;
        }
        String label = new String(b, OPEN_FIXED, labelLength, StandardCharsets.UTF_8);
        String protocol = new String(b, OPEN_FIXED + labelLength, protocolLength, StandardCharsets.UTF_8);
        return new Open(r, u16(b, 2), label, protocol);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
