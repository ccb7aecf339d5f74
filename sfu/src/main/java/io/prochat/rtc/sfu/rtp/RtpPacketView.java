package io.prochat.rtc.sfu.rtp;

import java.util.Objects;

/**
 * A reusable, allocation-free view of one RTP packet held in {@code buf[off, off + len)}
 * (RFC 3550 §5.1). Nothing is copied: getters read the buffer, setters write it in place (used when
 * rewriting SSRC, sequence number and timestamp for a receiver).
 *
 * <pre>{@code
 * RtpPacketView rtp = new RtpPacketView();        // one per receive thread
 * if (!rtp.wrap(buf, off, len)) { drop(); return; }
 * int ext = rtp.findExtension(audioLevelId);      // offset into buf, or -1
 * if (ext >= 0 && !AudioLevel.voiceActivity(buf, ext)) { ... }
 * }</pre>
 *
 * <p>{@link #wrap} checks everything the getters rely on, so after it returns true no getter can
 * read outside the packet. Header extensions (RFC 8285) are walked lazily by {@link #findExtension};
 * a malformed extension block makes look-ups return -1 rather than failing the packet. Passing a
 * range outside {@code buf} is a caller bug and throws IndexOutOfBoundsException.
 */
public final class RtpPacketView {
    /** Fixed header: V/P/X/CC, M/PT, sequence number, timestamp, SSRC. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** RFC 8285 §4.2 one-byte header profile. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int extensionOffset;
    private int extensionLength;
    private int extensionProfile;
    private int paddingLength;

    /**
     * The length of the RTP header at {@code buf[off]} (fixed part, CSRCs, extension block), read without a view: for
     * hot paths that need only where the payload starts. -1 when the extension block's own header lies beyond
     * {@code len}; the result may still reach past {@code len}, which callers check.
     */
    public static int headerLength(byte[] buf, int off, int len) {
        int header = FIXED_HEADER_LENGTH + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (header + 4 > len) {
                return -1;
            }
            header += 4 + 4 * (((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF));
        }
        return header;
    }

    /** Points this view at a packet; false (and the view unusable) when the bytes are not RTP. */
    public boolean wrap(byte[] buf, int off, int len) {
        return load(buf, off, len) == null;
    }

    /** Allocating convenience for tests and tools: a new view, or the reason the bytes are not RTP. */
    public static RtpPacketView parse(byte[] buf, int off, int len) throws RtpFormatException {
        RtpPacketView view = new RtpPacketView();
        String problem = view.load(buf, off, len);
        if (problem != null) {
            throw new RtpFormatException(problem);
        }
        return view;
    }

    private String load(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = null;
        if (len < FIXED_HEADER_LENGTH) {
            return "shorter than the 12-byte RTP header";
        }
        int b0 = buf[off] & 0xFF;
        if ((b0 >> 6) != 2) {
            return "RTP version is not 2";
        }
        int header = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        int extOffset = -1;
        int extLength = 0;
        int profile = 0;
        if ((b0 & 0x10) != 0) {
            if (header + 4 > len) {
                return "header extension header runs past the end";
            }
            profile = ((buf[off + header] & 0xFF) << 8) | (buf[off + header + 1] & 0xFF);
            extLength = 4 * (((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF));
            extOffset = off + header + 4;
            header += 4 + extLength;
        }
        if (header > len) {
            return "CSRC list or header extension runs past the end";
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = buf[off + len - 1] & 0xFF;
            if (padding == 0 || header + padding > len) {
                return "bad padding length";
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLength = header;
        this.extensionOffset = extOffset;
        this.extensionLength = extLength;
        this.extensionProfile = profile;
        this.paddingLength = padding;
        return null;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    public int sequenceNumber() {
        return ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    }

    /** The 32-bit timestamp as an unsigned value. */
    public long timestamp() {
        return readUint32(buf, off + 4);
    }

    /** The 32-bit SSRC as an unsigned value. */
    public long ssrc() {
        return readUint32(buf, off + 8);
    }

    /** CSRC {@code i}, 0 <= i < {@link #csrcCount()}. */
    public long csrc(int i) {
        Objects.checkIndex(i, csrcCount());
        return readUint32(buf, off + FIXED_HEADER_LENGTH + 4 * i);
    }

    /** Fixed header, CSRCs and header extension. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload bytes, padding excluded (may be 0). */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    public int paddingLength() {
        return paddingLength;
    }

    /** The extension profile ({@code 0xBEDE}, {@code 0x100x}, ...), or 0 without extension. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** Absolute offset of the extension elements, or -1 without extension. */
    public int extensionDataOffset() {
        return extensionOffset;
    }

    /** Bytes of extension elements (a multiple of 4), 0 without extension. */
    public int extensionDataLength() {
        return extensionLength;
    }

    /**
     * Finds header extension element {@code id} in the one-byte (0xBEDE) or two-byte (0x100x)
     * form (RFC 8285 §4.2, §4.3). Returns the absolute offset of its data in {@link #buffer()}, or
     * -1 when absent, when the block uses another profile, or when the block is malformed before
     * the element is reached. Read the data length with {@link #extensionLength(int)}.
     */
    public int findExtension(int id) {
        if (extensionOffset < 0 || id <= 0) {
            return -1;
        }
        boolean oneByte = extensionProfile == ONE_BYTE_PROFILE;
        if (!oneByte && (extensionProfile & 0xFFF0) != 0x1000) {
            return -1;
        }
        if (oneByte && id > 14) {
            return -1;
        }
        int pos = extensionOffset;
        int end = extensionOffset + extensionLength;
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            if (b == 0) {
                pos++; // padding between elements
                continue;
            }
            int elementId;
            int dataLength;
            int data;
            if (oneByte) {
                elementId = b >> 4;
                if (elementId == 15) {
                    return -1; // RFC 8285 §4.2: stop parsing at the reserved id
                }
                dataLength = (b & 0x0F) + 1;
                data = pos + 1;
            } else {
                if (pos + 1 >= end) {
                    return -1;
                }
                elementId = b;
                dataLength = buf[pos + 1] & 0xFF;
                data = pos + 2;
            }
            if (data + dataLength > end) {
                return -1;
            }
            if (elementId == id) {
                return data;
            }
            pos = data + dataLength;
        }
        return -1;
    }

    /** Length of the element whose data starts at {@code dataOffset} (a {@link #findExtension} result). */
    public int extensionLength(int dataOffset) {
        int b = buf[dataOffset - 1] & 0xFF;
        return extensionProfile == ONE_BYTE_PROFILE ? (b & 0x0F) + 1 : b;
    }

    public void setMarker(boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    /** Payload type 0..127; the marker bit is kept. */
    public void setPayloadType(int payloadType) {
        Objects.checkIndex(payloadType, 128);
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | payloadType);
    }

    /** Writes the low 16 bits. */
    public void setSequenceNumber(int sequenceNumber) {
        buf[off + 2] = (byte) (sequenceNumber >> 8);
        buf[off + 3] = (byte) sequenceNumber;
    }

    /** Writes the low 32 bits. */
    public void setTimestamp(long timestamp) {
        writeUint32(buf, off + 4, timestamp);
    }

    /** Writes the low 32 bits. */
    public void setSsrc(long ssrc) {
        writeUint32(buf, off + 8, ssrc);
    }

    static long readUint32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8)
                | (b[at + 3] & 0xFF);
    }

    static void writeUint32(byte[] b, int at, long value) {
        b[at] = (byte) (value >> 24);
        b[at + 1] = (byte) (value >> 16);
        b[at + 2] = (byte) (value >> 8);
        b[at + 3] = (byte) value;
    }
}
