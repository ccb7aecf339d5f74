package io.prochat.rtc.sfu.srtp;

import java.util.Arrays;

import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/** jitsi-srtp, the reference our SRTP is checked and benchmarked against: its buffer interface and its contexts. */
final class JitsiBuffer implements ByteArrayBuffer {
    static {
        // As JVB runs it: the OpenSSL binding when libcrypto.so.3 loads.
        if (JitsiOpenSslProvider.isLoaded()) {
            Aes.setFactoryClassName("OpenSSL");
        }
    }

    private byte[] buffer;
    private int length;

    JitsiBuffer(byte[] buffer, int length) {
        this.buffer = buffer;
        this.length = length;
    }

    static SrtpContextFactory factory(SrtpProfile profile, boolean sender, byte[] key, byte[] salt) {
        return new SrtpContextFactory(sender, key, salt, policy(profile), policy(profile),
                new LoggerImpl(JitsiBuffer.class.getName()));
    }

    private static SrtpPolicy policy(SrtpProfile profile) {
        SrtpPolicy policy = profile == SrtpProfile.AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        policy.setSendReplayEnabled(false);
        return policy;
    }

    /** Re-points this buffer at a packet, for reuse in a benchmark loop. */
    JitsiBuffer reset(byte[] buffer, int length) {
        this.buffer = buffer;
        this.length = length;
        return this;
    }

    byte[] bytes() {
        return Arrays.copyOf(buffer, length);
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return 0;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        length = len;
    }

    @Override
    public void setOffset(int off) {
        throw new UnsupportedOperationException("packets start at 0 here");
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        System.arraycopy(buffer, off, outBuf, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (buffer.length - length < howMuch) {
            buffer = Arrays.copyOf(buffer, length + howMuch);
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
