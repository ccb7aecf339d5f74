package io.prochat.rtc.sfu.sctp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The state cookie of our INIT ACK (RFC 9260 §5.1.3): everything needed to build the association when the COOKIE
 * ECHO comes back, so an INIT costs no state. Signed with HMAC-SHA256 under a per-process secret; a cookie older than
 * its lifetime is refused (§5.1.5).
 */
record StateCookie(long createdNanos, int localTag, int localInitialTsn, int peerTag, int peerInitialTsn,
        int peerWindow, int peerOutboundStreams, int peerInboundStreams, boolean forwardTsn, boolean reconfig) {
    private static final int BODY = 8 + 4 * 5 + 2 * 2 + 1;
    private static final int MAC = 32;
    private static final byte[] SECRET = new byte[32];
    /** One keyed MAC per thread: an INIT costs one HMAC, not a provider lookup. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(StateCookie::newMac);

    static {
        new SecureRandom().nextBytes(SECRET);
    }

    byte[] sign() {
        byte[] b = new byte[BODY + MAC];
        Bytes.put32(b, 0, (int) (createdNanos >>> 32));
        Bytes.put32(b, 4, (int) createdNanos);
        Bytes.put32(b, 8, localTag);
        Bytes.put32(b, 12, localInitialTsn);
        Bytes.put32(b, 16, peerTag);
        Bytes.put32(b, 20, peerInitialTsn);
        Bytes.put32(b, 24, peerWindow);
        Bytes.put16(b, 28, peerOutboundStreams);
        Bytes.put16(b, 30, peerInboundStreams);
        b[32] = (byte) ((forwardTsn ? 1 : 0) | (reconfig ? 2 : 0));
        System.arraycopy(mac(b), 0, b, BODY, MAC);
        return b;
    }

    /** The cookie, or null when it is not one we signed. */
    static StateCookie verify(byte[] b) {
        if (b == null || b.length != BODY + MAC) {
            return null;
        }
        byte[] expected = mac(b);
        byte[] got = new byte[MAC];
        System.arraycopy(b, BODY, got, 0, MAC);
        if (!MessageDigest.isEqual(expected, got)) {
            return null;
        }
        long created = ((long) Bytes.i32(b, 0) << 32) | (Bytes.i32(b, 4) & 0xFFFF_FFFFL);
        return new StateCookie(created, Bytes.i32(b, 8), Bytes.i32(b, 12), Bytes.i32(b, 16), Bytes.i32(b, 20),
                Bytes.i32(b, 24), Bytes.u16(b, 28), Bytes.u16(b, 30), (b[32] & 1) != 0, (b[32] & 2) != 0);
    }

    private static byte[] mac(byte[] b) {
        Mac mac = MACS.get();
        mac.update(b, 0, BODY);
        return mac.doFinal();
    }

    private static Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
