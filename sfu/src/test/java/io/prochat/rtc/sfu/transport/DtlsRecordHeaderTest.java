package io.prochat.rtc.sfu.transport;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DtlsRecordHeaderTest {
    /** A handshake record, DTLS 1.2, epoch 1, sequence 0x0000_0102_0304, 3-byte fragment. */
    static final byte[] RECORD = {22, (byte) 0xFE, (byte) 0xFD, 0, 1, 0, 0, 1, 2, 3, 4, 0, 3, 9, 9, 9};

    @Test
    void readsEveryFieldInPlace() {
        byte[] datagram = new byte[RECORD.length + 5];
        System.arraycopy(RECORD, 0, datagram, 5, RECORD.length);
        DtlsRecordHeader h = new DtlsRecordHeader();

        assertThat(h.wrap(datagram, 5, RECORD.length)).isTrue();
        assertThat(h.contentType()).isEqualTo(DtlsRecordHeader.HANDSHAKE);
        assertThat(h.version()).isEqualTo(DtlsRecordHeader.DTLS_1_2);
        assertThat(h.epoch()).isEqualTo(1);
        assertThat(h.sequenceNumber()).isEqualTo(0x0102_0304L);
        assertThat(h.fragmentLength()).isEqualTo(3);
        assertThat(h.nextRecordOffset()).isEqualTo(5 + RECORD.length);
    }

    @Test
    void walksSeveralRecordsInOneDatagram() {
        byte[] two = new byte[RECORD.length * 2];
        System.arraycopy(RECORD, 0, two, 0, RECORD.length);
        System.arraycopy(RECORD, 0, two, RECORD.length, RECORD.length);
        two[RECORD.length] = DtlsRecordHeader.CHANGE_CIPHER_SPEC;

        assertThat(DtlsRecordHeader.isWellFormedDatagram(new DtlsRecordHeader(), two, 0, two.length)).isTrue();
        assertThat(DtlsRecordHeader.isWellFormedDatagram(new DtlsRecordHeader(), two, 0, two.length - 1)).isFalse();
    }

    @Test
    void refusesWrongTypeVersionOrLength() {
        DtlsRecordHeader h = new DtlsRecordHeader();
        byte[] badType = RECORD.clone();
        badType[0] = 63;
        byte[] badVersion = RECORD.clone();
        badVersion[2] = (byte) 0xFC; // 0xFEFC would be DTLS 1.3's record version: not what we negotiate
        byte[] overlong = RECORD.clone();
        overlong[12] = 4;

        assertThat(h.wrap(badType, 0, badType.length)).isFalse();
        assertThat(h.wrap(badVersion, 0, badVersion.length)).isFalse();
        assertThat(h.wrap(overlong, 0, overlong.length)).isFalse();
        assertThat(h.wrap(RECORD, 0, 12)).isFalse();
        assertThatThrownBy(h::contentType).isInstanceOf(IllegalStateException.class);
    }

    /** Random bytes, and truncations and bit flips of a valid record: only true or false, never an exception. */
    @Test
    void randomAndDamagedInputOnlyEverGivesTrueOrFalse() {
        SplittableRandom random = new SplittableRandom(7983);
        DtlsRecordHeader h = new DtlsRecordHeader();
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(64)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean() && b.length >= DtlsRecordHeader.LENGTH) {
                // plausible headers with random lengths, so the fitting and walking paths are reached too
                b[0] = (byte) (20 + random.nextInt(4));
                b[1] = (byte) 0xFE;
                b[2] = (byte) 0xFD;
                b[11] = 0;
                b[12] = (byte) random.nextInt(64);
            }
            if (h.wrap(b, 0, b.length)) {
                valid++;
                assertThat(h.nextRecordOffset()).isLessThanOrEqualTo(b.length);
            }
            DtlsRecordHeader.isWellFormedDatagram(h, b, 0, b.length);

            byte[] damaged = Arrays.copyOf(RECORD, random.nextInt(RECORD.length + 1));
            if (damaged.length > 0) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
            }
            DtlsRecordHeader.isWellFormedDatagram(h, damaged, 0, damaged.length);
        }
        assertThat(valid).as("the generator reaches the valid branch too").isPositive();
    }
}
