package io.prochat.rtc.sfu.transport;

import java.util.Objects;

/**
 * The 13-byte DTLS record header (RFC 6347 §4.1) read in place: content type, version, epoch, 48-bit
 * sequence number and fragment length. A datagram may carry several records; {@link #wrap} checks the
 * first one and {@link #nextRecordOffset} walks on. Used to drop junk that merely starts with a byte in
 * the DTLS range before it reaches the DTLS stack. No allocation; a failed wrap leaves the view invalid.
 */
public final class DtlsRecordHeader {
    public static final int LENGTH = 13;
    /** Content types WebRTC sees: change_cipher_spec, alert, handshake, application_data (RFC 5246 §6.2.1). */
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;
    /** DTLS 1.0 (0xFEFF) is what ClientHellos carry in their record layer; DTLS 1.2 is 0xFEFD. */
    public static final int DTLS_1_0 = 0xFEFF;
    public static final int DTLS_1_2 = 0xFEFD;

    private byte[] buf;
    private int off;
    private int end;
    private boolean valid;

    /**
     * Points this view at the record starting at {@code buf[off]}, the datagram ending at {@code off + len}.
     * True when the header is complete, its type and version are ones DTLS 1.2 uses, and the fragment fits.
     */
    public boolean wrap(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = buf;
        this.off = off;
        this.end = off + len;
        valid = len >= LENGTH
                && contentTypeAt(buf, off) >= CHANGE_CIPHER_SPEC && contentTypeAt(buf, off) <= APPLICATION_DATA
                && (u16(buf, off + 1) == DTLS_1_2 || u16(buf, off + 1) == DTLS_1_0)
                && LENGTH + u16(buf, off + 11) <= len;
        return valid;
    }

    /** True when every record in the datagram has a valid header and together they fill it exactly. */
    public static boolean isWellFormedDatagram(DtlsRecordHeader view, byte[] buf, int off, int len) {
        int at = off;
        int end = off + len;
        while (at < end) {
            if (!view.wrap(buf, at, end - at)) {
                return false;
            }
            at = view.nextRecordOffset();
        }
        return len > 0;
    }

    public boolean isValid() {
        return valid;
    }

    public int contentType() {
        check();
        return contentTypeAt(buf, off);
    }

    public int version() {
        check();
        return u16(buf, off + 1);
    }

    public int epoch() {
        check();
        return u16(buf, off + 3);
    }

    public long sequenceNumber() {
        check();
        return ((long) u16(buf, off + 5) << 32) | ((long) u16(buf, off + 7) << 16) | u16(buf, off + 9);
    }

    public int fragmentLength() {
        check();
        return u16(buf, off + 11);
    }

    /** Where the next record would start; equal to the datagram's end after the last record. */
    public int nextRecordOffset() {
        check();
        return off + LENGTH + fragmentLength();
    }

    private void check() {
        if (!valid) {
            throw new IllegalStateException("not a valid DTLS record header");
        }
    }

    private static int contentTypeAt(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
