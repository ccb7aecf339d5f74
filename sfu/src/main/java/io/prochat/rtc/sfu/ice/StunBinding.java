package io.prochat.rtc.sfu.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.prochat.rtc.sfu.stun.StunMessageView;

/**
 * Just enough STUN (RFC 8489) to read and write the Binding messages of ICE consent freshness (RFC 7675) once ice4j's
 * agent has selected a UDP pair, so that an established session can answer the peer's checks and send its own without
 * ice4j's STUN stack and its reader thread per socket. Short-term credentials only (RFC 8445 §7.2): the
 * MESSAGE-INTEGRITY key is the password's UTF-8 bytes, without SASLprep.
 *
 * <p>No method throws, whatever the bytes: a malformed, truncated or lying message gives false, null or -1, and so
 * do arguments the writers can't make a message of. Attribute lists are walked in full with bounds checks
 * before anything in them is believed. A MAC and a CRC are allocated per call, which is fine for a few messages a
 * second per session; the media path never comes here.
 */
final class StunBinding {
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;

    // the attribute types, as the port's STUN reader names them
    static final int USERNAME = StunMessageView.USERNAME;
    static final int MESSAGE_INTEGRITY = StunMessageView.MESSAGE_INTEGRITY;
    static final int XOR_MAPPED_ADDRESS = StunMessageView.XOR_MAPPED_ADDRESS;
    static final int PRIORITY = StunMessageView.PRIORITY;
    static final int USE_CANDIDATE = StunMessageView.USE_CANDIDATE;
    static final int FINGERPRINT = StunMessageView.FINGERPRINT;
    static final int ICE_CONTROLLED = StunMessageView.ICE_CONTROLLED;
    static final int ICE_CONTROLLING = StunMessageView.ICE_CONTROLLING;

    /**
     * Longest USERNAME {@link #writeRequest} writes: two 256-character ufrags (the longest RFC 8839's ice-ufrag
     * grammar allows, ASCII) and the colon between them.
     */
    static final int MAX_USERNAME = 513;
    /**
     * Largest message this class writes, the room to give {@code out}: a request with the longest USERNAME (padded to
     * 516) and its fixed 76 bytes (header 20, USERNAME header 4, PRIORITY 8, ICE-CONTROLLED 12, MESSAGE-INTEGRITY 24,
     * FINGERPRINT 8). A success response is at most 76 bytes (IPv6).
     */
    static final int MAX_WRITTEN = 20 + 4 + 516 + 8 + 12 + 24 + 8;

    private static final int HEADER = 20;
    private static final int COOKIE = 0x2112A442;
    private static final int TID_LENGTH = 12;
    private static final int HMAC_LENGTH = 20;
    private static final int INTEGRITY_SIZE = 4 + HMAC_LENGTH;
    private static final int FINGERPRINT_SIZE = 4 + 4;
    private static final int FINGERPRINT_XOR = 0x5354554e;

    private StunBinding() {
    }

    /**
     * Header sane: first two bits 0, magic cookie 0x2112A442, length field == len - 20 and a multiple of 4,
     * len >= 20, and b[off..off+len) inside b.
     */
    static boolean isStun(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < HEADER || off > b.length - len) {
            return false;
        }
        int length = u16(b, off + 2);
        return (b[off] & 0xC0) == 0 && i32(b, off + 4) == COOKIE && length == len - HEADER && (length & 3) == 0;
    }

    /** The 14-bit message type (class+method), e.g. {@link #BINDING_REQUEST}; -1 if not {@link #isStun}. */
    static int messageType(byte[] b, int off, int len) {
        return isStun(b, off, len) ? u16(b, off) & 0x3FFF : -1;
    }

    /** Whether an attribute of this type is present (walks TLVs with bounds checks; false on malformed). */
    static boolean has(byte[] b, int off, int len, int attributeType) {
        return find(b, off, len, attributeType) >= 0;
    }

    /** USERNAME as UTF-8 string, or null (absent, malformed message, or not valid UTF-8). */
    static String username(byte[] b, int off, int len) {
        int at = find(b, off, len, USERNAME);
        if (at < 0) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, at + 4, u16(b, at + 2)))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * True only if MESSAGE-INTEGRITY is present and its HMAC-SHA1 ({@code key}) over the message up to it, with the
     * header length adjusted to end just after it (RFC 8489 §14.5), matches (constant-time compare), and, if a
     * FINGERPRINT follows, it is the last attribute and its CRC-32 XOR 0x5354554e matches. Any other attribute after
     * MESSAGE-INTEGRITY makes it false.
     */
    static boolean verify(byte[] b, int off, int len, byte[] key) {
        if (key == null || key.length == 0) {
            return false;
        }
        int integrity = find(b, off, len, MESSAGE_INTEGRITY);
        if (integrity < 0 || u16(b, integrity + 2) != HMAC_LENGTH) {
            return false;
        }
        int afterIntegrity = integrity + INTEGRITY_SIZE;
        int end = off + len;
        if (afterIntegrity != end) {
            // Only a FINGERPRINT may follow, and it must end the message.
            if (end - afterIntegrity != FINGERPRINT_SIZE || u16(b, afterIntegrity) != FINGERPRINT
                    || u16(b, afterIntegrity + 2) != 4) {
                return false;
            }
            if (crc(b, off, afterIntegrity - off) != i32(b, afterIntegrity + 4)) {
                return false;
            }
        }
        byte[] mac = hmac(key, b, off, integrity - off, afterIntegrity - off - HEADER);
        return mac != null && MessageDigest.isEqual(mac, Arrays.copyOfRange(b, integrity + 4, afterIntegrity));
    }

    /** Whether the message's 12-byte transaction id equals {@code tid}; false if not {@link #isStun}. */
    static boolean sameTransaction(byte[] b, int off, int len, byte[] tid) {
        return tid != null && tid.length == TID_LENGTH && isStun(b, off, len)
                && Arrays.equals(b, off + 8, off + HEADER, tid, 0, TID_LENGTH);
    }

    /**
     * Writes into {@code out[0..]} a Binding success response to the request at {@code req[off..]} (same transaction
     * id) with XOR-MAPPED-ADDRESS (IPv4 or IPv6) of {@code mapped}, MESSAGE-INTEGRITY ({@code key}) and FINGERPRINT;
     * returns the length, or -1 if {@code req} has no 20-byte header at {@code off}, {@code mapped} is unresolved,
     * {@code key} is empty or {@code out} too short. {@code out} may be {@code req}.
     */
    static int writeSuccess(byte[] out, byte[] req, int off, InetSocketAddress mapped, byte[] key) {
        if (out == null || req == null || off < 0 || off > req.length - HEADER || mapped == null
                || key == null || key.length == 0) {
            return -1;
        }
        InetAddress address = mapped.getAddress();
        int family;
        if (address instanceof Inet4Address) {
            family = 1;
        } else if (address instanceof Inet6Address) {
            family = 2;
        } else {
            return -1;
        }
        byte[] ip = address.getAddress();
        int total = HEADER + 4 + 4 + ip.length + INTEGRITY_SIZE + FINGERPRINT_SIZE;
        if (out.length < total) {
            return -1;
        }
        // The transaction id first, so that writing the header can't overwrite it when out is req.
        System.arraycopy(req, off + 8, out, 8, TID_LENGTH);
        putHeader(out, BINDING_SUCCESS);
        int p = HEADER;
        p = putAttributeHeader(out, p, XOR_MAPPED_ADDRESS, 4 + ip.length);
        out[p] = 0;
        out[p + 1] = (byte) family;
        put16(out, p + 2, mapped.getPort() ^ (COOKIE >>> 16));
        p += 4;
        // X-Address: the address XOR the cookie followed (for IPv6) by the transaction id, i.e. out[4..20].
        for (int i = 0; i < ip.length; i++) {
            out[p + i] = (byte) (ip[i] ^ out[4 + i]);
        }
        p += ip.length;
        return seal(out, p, key);
    }

    /**
     * Writes into {@code out[0..]} a Binding request with transaction id {@code tid} (12 bytes), USERNAME (padded to
     * 4), PRIORITY, ICE-CONTROLLED ({@code tieBreaker}), MESSAGE-INTEGRITY ({@code key}) and FINGERPRINT; returns the
     * length, or -1 if {@code tid} isn't 12 bytes, {@code username} is empty or over {@link #MAX_USERNAME} UTF-8 bytes,
     * {@code priority} isn't an unsigned 32-bit value, {@code key} is empty or {@code out} too short.
     */
    static int writeRequest(byte[] out, byte[] tid, String username, long priority, long tieBreaker, byte[] key) {
        if (out == null || tid == null || tid.length != TID_LENGTH || username == null
                || priority < 0 || priority > 0xFFFF_FFFFL || key == null || key.length == 0) {
            return -1;
        }
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        if (user.length == 0 || user.length > MAX_USERNAME) {
            return -1;
        }
        int padded = (user.length + 3) & ~3;
        int total = HEADER + 4 + padded + 8 + 12 + INTEGRITY_SIZE + FINGERPRINT_SIZE;
        if (out.length < total) {
            return -1;
        }
        System.arraycopy(tid, 0, out, 8, TID_LENGTH);
        putHeader(out, BINDING_REQUEST);
        int p = HEADER;
        p = putAttributeHeader(out, p, USERNAME, user.length);
        System.arraycopy(user, 0, out, p, user.length);
        Arrays.fill(out, p + user.length, p + padded, (byte) 0);
        p += padded;
        p = putAttributeHeader(out, p, PRIORITY, 4);
        put32(out, p, (int) priority);
        p += 4;
        p = putAttributeHeader(out, p, ICE_CONTROLLED, 8);
        put32(out, p, (int) (tieBreaker >>> 32));
        put32(out, p + 4, (int) tieBreaker);
        p += 8;
        return seal(out, p, key);
    }

    /**
     * Offset in {@code b} of the first attribute of {@code type}, or -1 if there is none or the message isn't
     * {@link #isStun} or its attributes don't exactly fill it (a length running past the end anywhere in the list):
     * {@link StunMessageView}'s checks and walk, for a range that may lie outside {@code b} (it would throw).
     */
    private static int find(byte[] b, int off, int len, int type) {
        if (!isStun(b, off, len)) {
            return -1;
        }
        StunMessageView view = new StunMessageView();
        int value = view.wrap(b, off, len) ? view.findAttribute(type) : -1;
        return value < 0 ? -1 : value - 4;
    }

    /** Appends MESSAGE-INTEGRITY and FINGERPRINT after the attributes ending at {@code p}; returns the length. */
    private static int seal(byte[] out, int p, byte[] key) {
        int afterIntegrity = p + INTEGRITY_SIZE;
        int total = afterIntegrity + FINGERPRINT_SIZE;
        byte[] mac = hmac(key, out, 0, p, afterIntegrity - HEADER);
        if (mac == null) {
            return -1;
        }
        putAttributeHeader(out, p, MESSAGE_INTEGRITY, HMAC_LENGTH);
        System.arraycopy(mac, 0, out, p + 4, HMAC_LENGTH);
        put16(out, 2, total - HEADER);
        putAttributeHeader(out, afterIntegrity, FINGERPRINT, 4);
        put32(out, afterIntegrity + 4, crc(out, 0, afterIntegrity));
        return total;
    }

    /**
     * HMAC-SHA1 over {@code b[off..off+n)} as if its header's length field were {@code length}; null if the JDK has
     * no HmacSHA1 (it always does).
     */
    private static byte[] hmac(byte[] key, byte[] b, int off, int n, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(b, off, 2);
            mac.update((byte) (length >>> 8));
            mac.update((byte) length);
            mac.update(b, off + 4, n - 4);
            return mac.doFinal();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The FINGERPRINT value of {@code b[off..off+n)}: its CRC-32 XOR 0x5354554e. */
    private static int crc(byte[] b, int off, int n) {
        CRC32 crc = new CRC32();
        crc.update(b, off, n);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    /** Type, length 0 for now, and cookie; the transaction id is already in out[8..20]. */
    private static void putHeader(byte[] out, int type) {
        put16(out, 0, type);
        put16(out, 2, 0);
        put32(out, 4, COOKIE);
    }

    private static int putAttributeHeader(byte[] out, int p, int type, int length) {
        put16(out, p, type);
        put16(out, p + 2, length);
        return p + 4;
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
    }

    private static int i32(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }

    private static void put16(byte[] out, int p, int v) {
        out[p] = (byte) (v >>> 8);
        out[p + 1] = (byte) v;
    }

    private static void put32(byte[] out, int p, int v) {
        out[p] = (byte) (v >>> 24);
        out[p + 1] = (byte) (v >>> 16);
        out[p + 2] = (byte) (v >>> 8);
        out[p + 3] = (byte) v;
    }
}
