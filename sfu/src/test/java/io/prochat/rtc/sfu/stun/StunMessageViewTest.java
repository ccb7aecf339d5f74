package io.prochat.rtc.sfu.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The STUN header view on a hand-built ICE connectivity check (RFC 8489 §5, RFC 8445 §7.2.2). */
class StunMessageViewTest {
    /** Binding request with USERNAME "Hp3Q:r3mTxy" , PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MI, FINGERPRINT. */
    static final byte[] CHECK = bytes(
            0x00, 0x01, 0x00, 0x48,
            0x21, 0x12, 0xA4, 0x42,
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C,
            0x00, 0x06, 0x00, 0x0B, 'H', 'p', '3', 'Q', ':', 'r', '3', 'm', 'T', 'x', 'y', 0x00,
            0x00, 0x24, 0x00, 0x04, 0x6E, 0x7F, 0x1E, 0xFF,
            0x80, 0x2A, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
            0x00, 0x25, 0x00, 0x00,
            0x00, 0x08, 0x00, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0x80, 0x28, 0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF);

    private final StunMessageView stun = new StunMessageView();

    @Test
    void readsHeaderAndAttributes() {
        assertThat(CHECK).hasSize(92);
        assertThat(stun.wrap(CHECK, 0, CHECK.length)).isTrue();

        assertThat(stun.messageType()).isEqualTo(0x0001);
        assertThat(stun.method()).isEqualTo(StunMessageView.BINDING);
        assertThat(stun.messageClass()).isEqualTo(StunClass.REQUEST);
        assertThat(stun.isBindingRequest()).isTrue();
        assertThat(stun.messageLength()).isEqualTo(72);
        byte[] id = new byte[12];
        stun.copyTransactionId(id, 0);
        assertThat(id).isEqualTo(Arrays.copyOfRange(CHECK, 8, 20));
        assertThat(stun.transactionIdOffset()).isEqualTo(8);

        assertThat(stun.username()).isEqualTo("Hp3Q:r3mTxy");
        assertThat(stun.targetUfrag()).isEqualTo("Hp3Q");
        assertThat(stun.isAddressedTo("Hp3Q")).isTrue();
        assertThat(stun.isAddressedTo("Hp3")).isFalse();
        assertThat(stun.isAddressedTo("r3mT")).isFalse();
        int priority = stun.findAttribute(StunMessageView.PRIORITY);
        assertThat(stun.attributeLength(priority)).isEqualTo(4);
        assertThat(CHECK[priority] & 0xFF).isEqualTo(0x6E);
        assertThat(stun.findAttribute(StunMessageView.USE_CANDIDATE)).isEqualTo(60);
        assertThat(stun.attributeLength(stun.findAttribute(StunMessageView.MESSAGE_INTEGRITY))).isEqualTo(20);
        assertThat(stun.findAttribute(StunMessageView.FINGERPRINT)).isEqualTo(88);
        assertThat(stun.findAttribute(StunMessageView.ICE_CONTROLLED)).isEqualTo(-1);
    }

    @Test
    void messageClassesFromTypeBits() {
        assertThat(StunClass.of(0x0001)).isEqualTo(StunClass.REQUEST);
        assertThat(StunClass.of(0x0011)).isEqualTo(StunClass.INDICATION);
        assertThat(StunClass.of(0x0101)).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(StunClass.of(0x0111)).isEqualTo(StunClass.ERROR_RESPONSE);

        byte[] response = CHECK.clone();
        response[0] = 0x01;
        response[1] = 0x01;
        assertThat(stun.wrap(response, 0, response.length)).isTrue();
        assertThat(stun.method()).isEqualTo(StunMessageView.BINDING);
        assertThat(stun.isBindingRequest()).isFalse();
    }

    @Test
    void refusesWhatIsNotOneStunMessage() {
        assertThat(stun.wrap(CHECK, 0, 19)).isFalse();
        byte[] cookie = CHECK.clone();
        cookie[7] = 0x43;
        assertThat(stun.wrap(cookie, 0, cookie.length)).isFalse();
        byte[] topBits = CHECK.clone();
        topBits[0] = 0x40;
        assertThat(stun.wrap(topBits, 0, topBits.length)).isFalse();
        assertThat(stun.wrap(Arrays.copyOf(CHECK, 96), 0, 96)).isFalse();
        byte[] oddLength = CHECK.clone();
        oddLength[3] = 0x47;
        assertThat(stun.wrap(oddLength, 0, oddLength.length)).isFalse();
        byte[] attributeOverrun = CHECK.clone();
        attributeOverrun[23] = 0x40;
        assertThat(stun.wrap(attributeOverrun, 0, attributeOverrun.length)).isFalse();
    }

    @Test
    void randomAndMutatedInputNeverThrows() {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] buf;
            if (random.nextBoolean()) {
                buf = new byte[random.nextInt(100)];
                random.nextBytes(buf);
                if (buf.length >= 8) {
                    System.arraycopy(CHECK, 0, buf, 0, 8);
                    buf[3] = (byte) (buf.length - 20);
                }
            } else {
                buf = Arrays.copyOf(CHECK, CHECK.length);
                for (int f = random.nextInt(4); f > 0; f--) {
                    buf[random.nextInt(buf.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            int len = random.nextInt(5) == 0 ? random.nextInt(buf.length + 1) : buf.length;
            if (stun.wrap(buf, 0, len)) {
                for (int type : new int[] {0x0006, 0x0024, 0x8028, 0xFFFF}) {
                    int at = stun.findAttribute(type);
                    assertThat(at < 0 || at + stun.attributeLength(at) <= len).isTrue();
                }
                assertThat(stun.messageClass()).isNotNull();
                stun.targetUfrag();
                stun.isAddressedTo("Hp3Q");
            }
        }
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
