package io.prochat.rtc.sfu.stun;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A reusable, allocation-free view of a STUN message header and its attribute list (RFC 8489 §5,
 * §14), enough to route a datagram before ice4j sees it: a connectivity check from an unknown
 * address is matched to its ICE agent by the ufrag in USERNAME (RFC 8445 §7.2.2). It checks no
 * MESSAGE-INTEGRITY or FINGERPRINT; ice4j does the real STUN work.
 *
 * <p>{@link #wrap} requires the whole datagram to be one message: 20-byte header with the two
 * leading zero bits and the magic cookie, a length that is a multiple of 4 and matches the
 * datagram, and attributes (each padded to 4 bytes) that tile the body exactly. After it returns
 * true no getter reads outside the message.
 */
public final class StunMessageView {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** The Binding method (RFC 8489 §18.2). */
    public static final int BINDING = 0x001;

    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    private byte[] buf;
    private int off;
    private int len;

    /** Points this view at a datagram; false when it is not exactly one well-formed STUN message. */
    public boolean wrap(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = null;
        if (len < HEADER_LENGTH || (buf[off] & 0xC0) != 0 || readInt(buf, off + 4) != MAGIC_COOKIE) {
            return false;
        }
        int bodyLength = u16(buf, off + 2);
        if ((bodyLength & 3) != 0 || HEADER_LENGTH + bodyLength != len) {
            return false;
        }
        int p = off + HEADER_LENGTH;
        int end = off + len;
        while (p < end) {
            if (p + 4 > end) {
                return false;
            }
            p += 4 + ((u16(buf, p + 2) + 3) & ~3);
        }
        if (p != end) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        return true;
    }

    /** The 14-bit message type, method and class bits interleaved. */
    public int messageType() {
        return u16(buf, off) & 0x3FFF;
    }

    /** The 12-bit method, e.g. {@link #BINDING}. */
    public int method() {
        int type = messageType();
        return (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);
    }

    public StunClass messageClass() {
        return StunClass.of(messageType());
    }

    /** A connectivity check: Binding request. */
    public boolean isBindingRequest() {
        return method() == BINDING && messageClass() == StunClass.REQUEST;
    }

    /** Bytes after the 20-byte header. */
    public int messageLength() {
        return len - HEADER_LENGTH;
    }

    /** Absolute offset of the 12-byte transaction id. */
    public int transactionIdOffset() {
        return off + 8;
    }

    /** Copies the 12-byte transaction id into {@code dst} at {@code at}. */
    public void copyTransactionId(byte[] dst, int at) {
        System.arraycopy(buf, off + 8, dst, at, 12);
    }

    /**
     * The first attribute of this type: the absolute offset of its value, or -1. Read the value
     * length with {@link #attributeLength(int)}.
     */
    public int findAttribute(int type) {
        int end = off + len;
        for (int p = off + HEADER_LENGTH; p < end; p += 4 + ((u16(buf, p + 2) + 3) & ~3)) {
            if (u16(buf, p) == type) {
                return p + 4;
            }
        }
        return -1;
    }

    /** Unpadded length of the attribute whose value starts at {@code valueOffset}. */
    public int attributeLength(int valueOffset) {
        return u16(buf, valueOffset - 2);
    }

    /** USERNAME as text, or null without one (allocates). */
    public String username() {
        int at = findAttribute(USERNAME);
        return at < 0 ? null : new String(buf, at, attributeLength(at), StandardCharsets.UTF_8);
    }

    /**
     * The ufrag of the agent a check is addressed to: USERNAME up to the first colon
     * ({@code <recipient ufrag>:<sender ufrag>}, RFC 8445 §7.2.2), or null without USERNAME or colon.
     */
    public String targetUfrag() {
        String username = username();
        int colon = username == null ? -1 : username.indexOf(':');
        return colon < 0 ? null : username.substring(0, colon);
    }

    /** Allocation-free {@code ufrag.equals(targetUfrag())} for ASCII ufrags. */
    public boolean isAddressedTo(String ufrag) {
        int at = findAttribute(USERNAME);
        if (at < 0) {
            return false;
        }
        int n = ufrag.length();
        if (attributeLength(at) <= n || buf[at + n] != ':') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((buf[at + i] & 0xFF) != ufrag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
