package io.prochat.rtc.sfu.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable, mutable view {@code (buffer, offset, length)} that jitsi-srtp transforms in place.
 *
 * <p>One instance is owned by one receive loop and re-pointed at each packet with {@link #wrap}, so the media path
 * allocates nothing. The wrapped array must leave tail room for the SRTP tag (and the SRTCP index);
 * {@link SrtpSession} checks that room before it calls jitsi-srtp. {@link #grow} still reallocates when the room is
 * missing, because jitsi-srtp's native GCM path writes the tag without checking the view afterwards (an undersized
 * array crashed the JVM in a test); {@link #reallocations()} counts it. Not thread-safe.
 */
public final class PacketBuffer implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;
    private boolean invalid;
    private long reallocations;

    /** Points this view at {@code buffer[offset, offset + length)}; the bytes after it up to the array's end are tail room. */
    public PacketBuffer wrap(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.invalid = false;
        return this;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        if (length < 0 || offset + length > buffer.length) {
            invalid = true;
            return;
        }
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        if (offset < 0 || offset + length > buffer.length) {
            invalid = true;
            return;
        }
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return invalid || buffer == null;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        System.arraycopy(buffer, offset + off, outBuf, 0, len);
    }

    /** Makes sure {@code howMuch} bytes of tail room exist, reallocating (and counting it) only when they do not. */
    @Override
    public void grow(int howMuch) {
        if (buffer.length - offset - length < howMuch) {
            byte[] bigger = new byte[offset + length + howMuch];
            System.arraycopy(buffer, 0, bigger, 0, offset + length);
            buffer = bigger;
            reallocations++;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    /** Bytes of room after the view's end. */
    public int tailRoom() {
        return buffer.length - offset - length;
    }

    /** How often {@link #grow} had to reallocate since construction: non-zero means a caller left too little room. */
    public long reallocations() {
        return reallocations;
    }

    @Override
    public void shrink(int len) {
        if (len <= 0) {
            return;
        }
        length = Math.max(0, length - len);
    }
}
