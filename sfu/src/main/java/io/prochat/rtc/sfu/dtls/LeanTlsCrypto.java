package io.prochat.rtc.sfu.dtls;

import java.security.SecureRandom;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * BouncyCastle's crypto with AES-GCM records sealed by the table-free multiplier. The default keeps a 4 KB table
 * (256 {@code long[2]}s, 9 KB of heap) per direction for as long as a session lives, about 18 KB per participant
 * (docs/benchmarks.md); after the handshake a WebRTC session's DTLS carries only alerts and data channel messages,
 * never media, so the slower multiplication costs nothing that matters.
 */
final class LeanTlsCrypto extends BcTlsCrypto {
    LeanTlsCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
        return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
}
