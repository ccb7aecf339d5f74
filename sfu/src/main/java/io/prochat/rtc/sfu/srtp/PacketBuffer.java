package io.prochat.rtc.sfu.srtp;

/**
 * A reusable, mutable view {@code (buffer, offset, length)} that SRTP transforms in place.
 *
 * <p>One instance is owned by one receive loop and re-pointed at each packet with {@link #wrap}, so the media path
 * allocates nothing. Protecting needs tail room for the tag (and the SRTCP index) after the view's end;
 * {@link SrtpSession} refuses a packet without it rather than reallocate. Not thread-safe.
 */
public final class PacketBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    /** Points this view at {@code buffer[offset, offset + length)}; the bytes after it up to the array's end are tail room. */
    public PacketBuffer wrap(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("view " + offset + "+" + length + " outside " + buffer.length + " B");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public byte[] getBuffer() {
        return buffer;
    }

    public int getOffset() {
        return offset;
    }

    public int getLength() {
        return length;
    }

    /** Sets the view's length; it must stay inside the array. */
    public void setLength(int length) {
        if (length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("length " + length + " at " + offset + " outside " + buffer.length + " B");
        }
        this.length = length;
    }

    /** Bytes of room after the view's end. */
    public int tailRoom() {
        return buffer.length - offset - length;
    }
}
