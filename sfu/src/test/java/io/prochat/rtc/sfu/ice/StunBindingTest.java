package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.IceControlledAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.PriorityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.Test;

class StunBindingTest {
    /** RFC 5769's short-term password; the §2.2 and §2.3 responses use it too. */
    private static final byte[] RFC_KEY = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RFC_TID = hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    /** RFC 5769 §2.1, Sample Request: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME "evtj:h6vY", MI, FINGERPRINT. */
    private static final byte[] RFC_REQUEST = hex("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff
            80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf""");
    /** RFC 5769 §2.2, Sample IPv4 Response: XOR-MAPPED-ADDRESS 192.0.2.1:32853. */
    private static final byte[] RFC_IPV4_RESPONSE = hex("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96""");
    /** RFC 5769 §2.3, Sample IPv6 Response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
    private static final byte[] RFC_IPV6_RESPONSE = hex("""
            01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
            00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
            80 28 00 04 c8 fb 0b 4c""");
    private static final InetSocketAddress RFC_V4 = address("192.0.2.1", 32853);
    private static final InetSocketAddress RFC_V6 = address("2001:db8:1234:5678:11:2233:4455:6677", 32853);

    private static final byte[] KEY = "sfuPasswordSfuPassword".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TID = hex("01 02 03 04 05 06 07 08 09 0a 0b 0c");
    /** Ten bytes, so USERNAME needs two bytes of padding. */
    private static final String USER = "peer:sfu01";
    private static final long PRIORITY = 0x6E0001FFL;
    /** Negative as a long: the tie-breaker is an unsigned 64-bit value on the wire. */
    private static final long TIE_BREAKER = 0x932FF9B151263B36L;

    @Test
    void theRfc5769SampleRequestVerifiesAndNoAlteredCopyDoes() {
        byte[] b = RFC_REQUEST;
        assertThat(StunBinding.isStun(b, 0, b.length)).isTrue();
        assertThat(StunBinding.messageType(b, 0, b.length)).isEqualTo(StunBinding.BINDING_REQUEST);
        assertThat(StunBinding.username(b, 0, b.length)).isEqualTo("evtj:h6vY");
        assertThat(StunBinding.has(b, 0, b.length, StunBinding.ICE_CONTROLLED)).isTrue();
        assertThat(StunBinding.has(b, 0, b.length, StunBinding.ICE_CONTROLLING)).isFalse();
        assertThat(StunBinding.sameTransaction(b, 0, b.length, RFC_TID)).isTrue();
        assertThat(StunBinding.verify(b, 0, b.length, RFC_KEY)).isTrue();

        assertThat(StunBinding.verify(b, 0, b.length, "VOkJxbRl1RmTxUk/WvJxBu".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(StunBinding.verify(b, 0, b.length, new byte[0])).isFalse();
        assertThat(StunBinding.verify(b, 0, b.length, null)).isFalse();
        // Every byte is covered by the header check, the HMAC or the CRC: the padding, the MAC and the CRC too.
        for (int i = 0; i < b.length; i++) {
            byte[] flipped = b.clone();
            flipped[i] ^= 0x01;
            assertThat(StunBinding.verify(flipped, 0, flipped.length, RFC_KEY)).as("byte %d flipped", i).isFalse();
        }
        // Without its FINGERPRINT (optional here) it still verifies, and then the HMAC alone guards every byte.
        byte[] bare = Arrays.copyOf(b, b.length - 8);
        bare[3] -= 8;
        assertThat(StunBinding.verify(bare, 0, bare.length, RFC_KEY)).isTrue();
        for (int i = 0; i < bare.length; i++) {
            byte[] flipped = bare.clone();
            flipped[i] ^= 0x01;
            assertThat(StunBinding.verify(flipped, 0, flipped.length, RFC_KEY)).as("byte %d flipped", i).isFalse();
        }
    }

    @Test
    void theRfc5769SampleRequestVerifiesAtAnOffset() {
        byte[] b = new byte[RFC_REQUEST.length + 7];
        Arrays.fill(b, (byte) 0x5A);
        System.arraycopy(RFC_REQUEST, 0, b, 3, RFC_REQUEST.length);
        assertThat(StunBinding.verify(b, 3, RFC_REQUEST.length, RFC_KEY)).isTrue();
        assertThat(StunBinding.username(b, 3, RFC_REQUEST.length)).isEqualTo("evtj:h6vY");
        assertThat(StunBinding.sameTransaction(b, 3, RFC_REQUEST.length, RFC_TID)).isTrue();
        assertThat(StunBinding.verify(b, 3, RFC_REQUEST.length + 4, RFC_KEY)).isFalse();
    }

    @Test
    void theRfc5769SampleResponsesVerifyAndCarryTheirAddresses() throws Exception {
        for (byte[] b : List.of(RFC_IPV4_RESPONSE, RFC_IPV6_RESPONSE)) {
            assertThat(StunBinding.messageType(b, 0, b.length)).isEqualTo(StunBinding.BINDING_SUCCESS);
            assertThat(StunBinding.verify(b, 0, b.length, RFC_KEY)).isTrue();
            assertThat(StunBinding.verify(b, 0, b.length, KEY)).isFalse();
            assertThat(StunBinding.sameTransaction(b, 0, b.length, RFC_TID)).isTrue();
            assertThat(StunBinding.has(b, 0, b.length, StunBinding.XOR_MAPPED_ADDRESS)).isTrue();
            assertThat(StunBinding.username(b, 0, b.length)).isNull();
        }
        assertThat(ice4jMappedAddress(RFC_IPV4_RESPONSE, RFC_IPV4_RESPONSE.length)).isEqualTo(RFC_V4);
        assertThat(ice4jMappedAddress(RFC_IPV6_RESPONSE, RFC_IPV6_RESPONSE.length)).isEqualTo(RFC_V6);
    }

    /** Our XOR-MAPPED-ADDRESS, byte for byte the RFC's for the same transaction id and address. */
    @Test
    void aSuccessToTheRfcRequestCarriesTheRfcXorMappedAddress() {
        byte[] out = new byte[StunBinding.MAX_WRITTEN];
        int n = StunBinding.writeSuccess(out, RFC_REQUEST, 0, RFC_V4, RFC_KEY);
        assertThat(n).isEqualTo(64);
        assertThat(Arrays.copyOfRange(out, 20, 32)).isEqualTo(Arrays.copyOfRange(RFC_IPV4_RESPONSE, 36, 48));

        n = StunBinding.writeSuccess(out, RFC_REQUEST, 0, RFC_V6, RFC_KEY);
        assertThat(n).isEqualTo(76);
        assertThat(Arrays.copyOfRange(out, 20, 44)).isEqualTo(Arrays.copyOfRange(RFC_IPV6_RESPONSE, 36, 60));
    }

    @Test
    void ice4jDecodesOurRequestWithTheValuesWritten() throws Exception {
        byte[] out = new byte[StunBinding.MAX_WRITTEN];
        int n = StunBinding.writeRequest(out, TID, USER, PRIORITY, TIE_BREAKER, KEY);
        assertThat(n).isEqualTo(20 + 4 + 12 + 8 + 12 + 24 + 8);

        Message m = Message.decode(out, 0, n);
        assertThat((int) m.getMessageType()).isEqualTo((int) Message.BINDING_REQUEST);
        assertThat(m.getTransactionID()).isEqualTo(TID);
        assertThat(m.getAttributes().stream().map(a -> (int) a.getAttributeType()).toList()).containsExactly(
                (int) Attribute.USERNAME, (int) Attribute.PRIORITY, (int) Attribute.ICE_CONTROLLED,
                (int) Attribute.MESSAGE_INTEGRITY, (int) Attribute.FINGERPRINT);
        assertThat(((UsernameAttribute) m.getAttribute(Attribute.USERNAME)).getUsername())
                .isEqualTo(USER.getBytes(StandardCharsets.UTF_8));
        assertThat(((PriorityAttribute) m.getAttribute(Attribute.PRIORITY)).getPriority()).isEqualTo(PRIORITY);
        assertThat(((IceControlledAttribute) m.getAttribute(Attribute.ICE_CONTROLLED)).getTieBreaker())
                .isEqualTo(TIE_BREAKER);
        assertIce4jAgreesOnIntegrityAndFingerprint(m, out, n, KEY);
    }

    @Test
    void ice4jDecodesOurSuccessWithTheMappedAddress() throws Exception {
        byte[] request = new byte[StunBinding.MAX_WRITTEN];
        assertThat(StunBinding.writeRequest(request, TID, USER, PRIORITY, TIE_BREAKER, KEY)).isPositive();
        for (InetSocketAddress mapped : List.of(address("203.0.113.7", 50123), address("2001:db8::42", 9),
                RFC_V4, RFC_V6)) {
            byte[] out = new byte[StunBinding.MAX_WRITTEN];
            int n = StunBinding.writeSuccess(out, request, 0, mapped, KEY);
            assertThat(n).isPositive();

            Message m = Message.decode(out, 0, n);
            assertThat((int) m.getMessageType()).isEqualTo((int) Message.BINDING_SUCCESS_RESPONSE);
            assertThat(m.getTransactionID()).isEqualTo(TID);
            assertThat(ice4jMappedAddress(out, n)).isEqualTo(mapped);
            assertIce4jAgreesOnIntegrityAndFingerprint(m, out, n, KEY);
            assertThat(StunBinding.sameTransaction(out, 0, n, TID)).isTrue();
        }
    }

    @Test
    void whatWeWriteReadsBack() {
        byte[] out = new byte[StunBinding.MAX_WRITTEN];
        int n = StunBinding.writeRequest(out, TID, USER, PRIORITY, TIE_BREAKER, KEY);
        assertThat(StunBinding.isStun(out, 0, n)).isTrue();
        assertThat(StunBinding.messageType(out, 0, n)).isEqualTo(StunBinding.BINDING_REQUEST);
        assertThat(StunBinding.verify(out, 0, n, KEY)).isTrue();
        assertThat(StunBinding.verify(out, 0, n, RFC_KEY)).isFalse();
        assertThat(StunBinding.username(out, 0, n)).isEqualTo(USER);
        assertThat(StunBinding.has(out, 0, n, StunBinding.ICE_CONTROLLED)).isTrue();
        assertThat(StunBinding.has(out, 0, n, StunBinding.PRIORITY)).isTrue();
        assertThat(StunBinding.has(out, 0, n, StunBinding.ICE_CONTROLLING)).isFalse();
        assertThat(StunBinding.has(out, 0, n, StunBinding.USE_CANDIDATE)).isFalse();
        assertThat(StunBinding.sameTransaction(out, 0, n, TID)).isTrue();

        byte[] success = new byte[StunBinding.MAX_WRITTEN];
        int s = StunBinding.writeSuccess(success, out, 0, address("198.51.100.1", 40000), KEY);
        assertThat(StunBinding.messageType(success, 0, s)).isEqualTo(StunBinding.BINDING_SUCCESS);
        assertThat(StunBinding.verify(success, 0, s, KEY)).isTrue();
        assertThat(StunBinding.sameTransaction(success, 0, s, TID)).isTrue();
        byte[] otherTid = TID.clone();
        otherTid[11] ^= 1;
        assertThat(StunBinding.sameTransaction(success, 0, s, otherTid)).isFalse();

        // A non-ASCII username, a username needing no padding, and the longest one.
        for (String user : List.of("ünï:cødé", "abcd:efg", "u".repeat(256) + ":" + "s".repeat(256))) {
            n = StunBinding.writeRequest(out, TID, user, 1, -1, KEY);
            assertThat(n).isLessThanOrEqualTo(StunBinding.MAX_WRITTEN);
            assertThat(StunBinding.username(out, 0, n)).isEqualTo(user);
            assertThat(StunBinding.verify(out, 0, n, KEY)).isTrue();
        }
    }

    @Test
    void writersRefuseWhatTheyCannotWrite() {
        byte[] out = new byte[StunBinding.MAX_WRITTEN];
        assertThat(StunBinding.writeRequest(out, new byte[11], USER, PRIORITY, TIE_BREAKER, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeRequest(out, null, USER, PRIORITY, TIE_BREAKER, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeRequest(out, TID, null, PRIORITY, TIE_BREAKER, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeRequest(out, TID, "", PRIORITY, TIE_BREAKER, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeRequest(out, TID, "u".repeat(514), PRIORITY, TIE_BREAKER, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeRequest(out, TID, USER, -1, TIE_BREAKER, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeRequest(out, TID, USER, 1L << 32, TIE_BREAKER, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeRequest(out, TID, USER, PRIORITY, TIE_BREAKER, new byte[0])).isEqualTo(-1);
        assertThat(StunBinding.writeRequest(null, TID, USER, PRIORITY, TIE_BREAKER, KEY)).isEqualTo(-1);
        int n = StunBinding.writeRequest(out, TID, USER, PRIORITY, TIE_BREAKER, KEY);
        for (int size = 0; size < n; size++) {
            assertThat(StunBinding.writeRequest(new byte[size], TID, USER, PRIORITY, TIE_BREAKER, KEY))
                    .isEqualTo(-1);
        }
        assertThat(StunBinding.writeRequest(new byte[n], TID, USER, PRIORITY, TIE_BREAKER, KEY)).isEqualTo(n);

        InetSocketAddress mapped = address("192.0.2.1", 1);
        assertThat(StunBinding.writeSuccess(out, RFC_REQUEST, RFC_REQUEST.length - 19, mapped, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeSuccess(out, RFC_REQUEST, -1, mapped, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeSuccess(out, null, 0, mapped, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeSuccess(out, RFC_REQUEST, 0, null, KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeSuccess(out, RFC_REQUEST, 0,
                InetSocketAddress.createUnresolved("example.invalid", 1), KEY)).isEqualTo(-1);
        assertThat(StunBinding.writeSuccess(out, RFC_REQUEST, 0, mapped, null)).isEqualTo(-1);
        for (int size = 0; size < 64; size++) {
            assertThat(StunBinding.writeSuccess(new byte[size], RFC_REQUEST, 0, mapped, KEY)).isEqualTo(-1);
        }
        assertThat(StunBinding.writeSuccess(new byte[64], RFC_REQUEST, 0, mapped, KEY)).isEqualTo(64);
    }

    /** A success written over the request it answers keeps the request's transaction id. */
    @Test
    void aSuccessMayBeWrittenOverItsRequest() {
        byte[] buffer = new byte[StunBinding.MAX_WRITTEN];
        System.arraycopy(RFC_REQUEST, 0, buffer, 0, RFC_REQUEST.length);
        int n = StunBinding.writeSuccess(buffer, buffer, 0, RFC_V6, RFC_KEY);
        assertThat(StunBinding.sameTransaction(buffer, 0, n, RFC_TID)).isTrue();
        assertThat(StunBinding.verify(buffer, 0, n, RFC_KEY)).isTrue();
    }

    @Test
    void onlyAFingerprintMayFollowTheIntegrityAndItMustBeLast() {
        byte[] out = new byte[StunBinding.MAX_WRITTEN];
        int n = StunBinding.writeRequest(out, TID, USER, PRIORITY, TIE_BREAKER, KEY);

        // The FINGERPRINT's type changed to another 4-byte attribute's: the HMAC still matches, but it is refused.
        byte[] other = Arrays.copyOf(out, n);
        other[n - 8] = (byte) 0x80;
        other[n - 7] = 0x22;
        assertThat(StunBinding.verify(other, 0, n, KEY)).isFalse();

        // A valid FINGERPRINT (recomputed for the longer message) followed by one more attribute.
        byte[] longer = Arrays.copyOf(out, n + 8);
        longer[3] = (byte) (n + 8 - 20);
        longer[n] = (byte) 0x80;
        longer[n + 1] = 0x22;
        longer[n + 3] = 4;
        byte[] crc = FingerprintAttribute.calculateXorCRC32(longer, 0, n - 8);
        System.arraycopy(crc, 0, longer, n - 4, 4);
        assertThat(StunBinding.has(longer, 0, n + 8, StunBinding.FINGERPRINT)).isTrue();
        assertThat(StunBinding.verify(longer, 0, n + 8, KEY)).isFalse();

        // The same without FINGERPRINT at all is fine: it is optional here.
        byte[] bare = Arrays.copyOf(out, n - 8);
        bare[3] = (byte) (n - 8 - 20);
        assertThat(StunBinding.verify(bare, 0, n - 8, KEY)).isTrue();
    }

    @Test
    void everyTruncationIsRefused() {
        for (byte[] whole : List.of(RFC_REQUEST, RFC_IPV6_RESPONSE)) {
            for (int n = 0; n < whole.length; n++) {
                byte[] cut = Arrays.copyOf(whole, n);
                // Header untouched: its length no longer matches.
                assertNothingReads(cut, 0, n);
                // Length field lying to match the cut: the walk finds an attribute running past the end, or, cut at
                // an attribute boundary, a message whose MESSAGE-INTEGRITY is gone, or its FINGERPRINT only.
                if (n >= 20 && n % 4 == 0) {
                    cut[2] = (byte) ((n - 20) >>> 8);
                    cut[3] = (byte) (n - 20);
                    assertThat(StunBinding.verify(cut, 0, n, RFC_KEY)).as("cut at %d", n)
                            .isEqualTo(n == whole.length - 8);
                }
            }
        }
    }

    @Test
    void lyingLengthsAreRefused() {
        byte[] out = new byte[StunBinding.MAX_WRITTEN];
        int n = StunBinding.writeRequest(out, TID, USER, PRIORITY, TIE_BREAKER, KEY);

        // USERNAME's length running past the end, by a little and by a lot.
        for (int length : List.of(n - 20 - 4 + 1, 0xFFFF)) {
            byte[] b = Arrays.copyOf(out, n);
            b[22] = (byte) (length >>> 8);
            b[23] = (byte) length;
            assertNothingReadsButTheHeader(b, 0, n);
        }
        // The last attribute (FINGERPRINT) claiming 8 bytes where 4 are left.
        byte[] b = Arrays.copyOf(out, n);
        b[n - 5] = 8;
        assertNothingReadsButTheHeader(b, 0, n);

        // A header length that isn't the datagram's, or isn't a multiple of 4.
        for (int delta : List.of(-4, -1, 1, 4, 0xFF00)) {
            byte[] h = Arrays.copyOf(out, n + 8);
            int length = (n - 20 + delta) & 0xFFFF;
            h[2] = (byte) (length >>> 8);
            h[3] = (byte) length;
            assertNothingReads(h, 0, n);
        }
        // A len or off the array doesn't have.
        assertNothingReads(out, 0, out.length + 1);
        assertNothingReads(out, -1, n);
        assertNothingReads(out, 1, Integer.MAX_VALUE);
        assertNothingReads(out, Integer.MAX_VALUE, n);
        assertNothingReads(out, 0, -1);
        assertNothingReads(null, 0, n);
        assertThat(StunBinding.sameTransaction(out, 0, n, null)).isFalse();
        assertThat(StunBinding.sameTransaction(out, 0, n, new byte[11])).isFalse();
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(7675);
        byte[] b = new byte[160];
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(b);
            int off = random.nextInt(8);
            int len = random.nextInt(b.length - off + 1);
            if (i % 2 == 0) {
                // Pure noise: the first two bits or the cookie give it away (or the length field).
                if ((b[off] & 0xC0) == 0) {
                    b[off] |= 0x40;
                }
                assertNothingReads(b, off, len);
            } else {
                // A sane header over random attributes, many of them types this class looks for.
                len = 20 + 4 * random.nextInt((b.length - off - 20) / 4 + 1);
                b[off] &= 0x3F;
                b[off + 2] = (byte) ((len - 20) >>> 8);
                b[off + 3] = (byte) (len - 20);
                b[off + 4] = 0x21;
                b[off + 5] = 0x12;
                b[off + 6] = (byte) 0xA4;
                b[off + 7] = 0x42;
                for (int p = off + 20; p + 4 <= off + len; p += 4 + random.nextInt(5) * 4) {
                    int type = new int[] {StunBinding.USERNAME, StunBinding.MESSAGE_INTEGRITY,
                            StunBinding.FINGERPRINT, StunBinding.PRIORITY}[random.nextInt(4)];
                    int length = random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(24);
                    b[p] = (byte) (type >>> 8);
                    b[p + 1] = (byte) type;
                    b[p + 2] = (byte) (length >>> 8);
                    b[p + 3] = (byte) length;
                }
                assertThat(StunBinding.isStun(b, off, len)).isTrue();
                StunBinding.has(b, off, len, StunBinding.USERNAME);
                StunBinding.username(b, off, len);
                assertThat(StunBinding.verify(b, off, len, KEY)).isFalse();
            }
        }
    }

    @Test
    void randomDamageToAValidMessageNeverThrows() {
        Random random = new Random(8489);
        byte[] out = new byte[StunBinding.MAX_WRITTEN];
        int n = StunBinding.writeRequest(out, TID, USER, PRIORITY, TIE_BREAKER, KEY);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = Arrays.copyOf(out, n);
            int damage = 1 + random.nextInt(4);
            for (int d = 0; d < damage; d++) {
                b[random.nextInt(n)] = (byte) random.nextInt(256);
            }
            StunBinding.messageType(b, 0, n);
            StunBinding.has(b, 0, n, StunBinding.ICE_CONTROLLED);
            StunBinding.username(b, 0, n);
            StunBinding.sameTransaction(b, 0, n, TID);
            assertThat(StunBinding.verify(b, 0, n, KEY)).isEqualTo(Arrays.equals(b, 0, n, out, 0, n));
        }
    }

    /** Nothing in b[off..off+len) reads as STUN, and nothing throws. */
    private static void assertNothingReads(byte[] b, int off, int len) {
        assertThat(StunBinding.isStun(b, off, len)).isFalse();
        assertThat(StunBinding.messageType(b, off, len)).isEqualTo(-1);
        assertNothingReadsButTheHeader(b, off, len);
        assertThat(StunBinding.sameTransaction(b, off, len, TID)).isFalse();
    }

    /** No attribute of b[off..off+len) is believed, and nothing throws. */
    private static void assertNothingReadsButTheHeader(byte[] b, int off, int len) {
        for (int type : new int[] {StunBinding.USERNAME, StunBinding.MESSAGE_INTEGRITY, StunBinding.PRIORITY,
                StunBinding.ICE_CONTROLLED, StunBinding.FINGERPRINT, StunBinding.XOR_MAPPED_ADDRESS}) {
            assertThat(StunBinding.has(b, off, len, type)).isFalse();
        }
        assertThat(StunBinding.username(b, off, len)).isNull();
        assertThat(StunBinding.verify(b, off, len, KEY)).isFalse();
        assertThat(StunBinding.verify(b, off, len, RFC_KEY)).isFalse();
    }

    /** ice4j's reading of the XOR-MAPPED-ADDRESS in b[0..n). */
    private static InetSocketAddress ice4jMappedAddress(byte[] b, int n) throws Exception {
        Message m = Message.decode(b, 0, n);
        TransportAddress a = ((XorMappedAddressAttribute) m.getAttribute(Attribute.XOR_MAPPED_ADDRESS))
                .getAddress(m.getTransactionID());
        return new InetSocketAddress(a.getAddress(), a.getPort());
    }

    /**
     * Our MESSAGE-INTEGRITY is ice4j's HMAC-SHA1 over the message before it with the header length ending just after
     * it, and our FINGERPRINT ice4j's CRC over everything before it; both as the last two attributes.
     */
    private static void assertIce4jAgreesOnIntegrityAndFingerprint(Message m, byte[] b, int n, byte[] key) {
        int integrity = n - 8 - 24;
        byte[] signed = Arrays.copyOf(b, integrity);
        signed[2] = (byte) ((integrity + 24 - 20) >>> 8);
        signed[3] = (byte) (integrity + 24 - 20);
        assertThat(b[integrity + 1]).isEqualTo((byte) StunBinding.MESSAGE_INTEGRITY);
        assertThat(((MessageIntegrityAttribute) m.getAttribute(Attribute.MESSAGE_INTEGRITY)).getHmacSha1Content())
                .isEqualTo(MessageIntegrityAttribute.calculateHmacSha1(signed, 0, integrity, key));
        assertThat(((FingerprintAttribute) m.getAttribute(Attribute.FINGERPRINT)).getChecksum())
                .isEqualTo(FingerprintAttribute.calculateXorCRC32(b, 0, n - 8));
    }

    private static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static byte[] hex(String s) {
        String digits = s.replaceAll("\\s+", "");
        byte[] b = new byte[digits.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
