package io.prochat.rtc.sfu.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The transport's sending side keeps a flight whole and in order when the path is not ready for its first datagrams
 * (issue 11, item 11). Each "datagram" here is one byte naming the handshake message it would carry.
 */
class QueueDatagramTransportTest {
    private static final byte SERVER_HELLO = 2;
    private static final byte CERTIFICATE = 11;
    private static final byte SERVER_KEY_EXCHANGE = 12;
    private static final byte CERTIFICATE_REQUEST = 13;
    private static final byte SERVER_HELLO_DONE = 14;
    private static final byte[] FLIGHT_4 = {SERVER_HELLO, CERTIFICATE, SERVER_KEY_EXCHANGE, CERTIFICATE_REQUEST,
        SERVER_HELLO_DONE};

    /** A network that refuses the first {@code failures} sends ("No valid pair."), then takes everything. */
    private static final class Network implements DtlsEndpoint.Sender {
        final List<Byte> sent = new ArrayList<>();
        int failures;

        Network(int failures) {
            this.failures = failures;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (failures > 0) {
                failures--;
                throw new IOException("No valid pair.");
            }
            sent.add(buf[off]);
        }
    }

    private static void sendFlight(QueueDatagramTransport t) {
        byte[] buf = new byte[3];
        for (byte message : FLIGHT_4) {
            buf[1] = message;
            t.send(buf, 1, 1);
        }
    }

    /**
     * The ICE pair is validated while the flight is being sent: the ServerHello and Certificate, refused, must still
     * reach the client, and before the rest. The old transport dropped them and sent ServerKeyExchange,
     * CertificateRequest and ServerHelloDone alone, which Pion answers with a fatal internal_error.
     */
    @Test
    void aFlightWhoseFirstDatagramsFoundNoPathIsSentWholeAndInOrder() {
        Network network = new Network(2);
        QueueDatagramTransport t = new QueueDatagramTransport(network);
        sendFlight(t);
        assertThat(network.sent).containsExactly(SERVER_HELLO, CERTIFICATE, SERVER_KEY_EXCHANGE, CERTIFICATE_REQUEST,
                SERVER_HELLO_DONE);
        assertThat(t.held()).isZero();
        assertThat(t.sendErrors()).isEqualTo(2);
    }

    /** No path for the whole flight: it waits, and goes out in order when ICE connects. */
    @Test
    void aFlightHeldUntilThePathIsReadyGoesOutOnFlush() {
        Network network = new Network(Integer.MAX_VALUE);
        QueueDatagramTransport t = new QueueDatagramTransport(network);
        sendFlight(t);
        assertThat(network.sent).isEmpty();
        assertThat(t.held()).isEqualTo(FLIGHT_4.length);
        network.failures = 0;
        t.flush();
        assertThat(network.sent).containsExactly(SERVER_HELLO, CERTIFICATE, SERVER_KEY_EXCHANGE, CERTIFICATE_REQUEST,
                SERVER_HELLO_DONE);
        assertThat(t.held()).isZero();
    }

    /** Held datagrams are bounded: past the limit all are dropped (and counted), and later ones still go out. */
    @Test
    void heldDatagramsAreBounded() {
        Network network = new Network(Integer.MAX_VALUE);
        QueueDatagramTransport t = new QueueDatagramTransport(network);
        byte[] one = {1};
        for (int i = 0; i < QueueDatagramTransport.HOLD_LIMIT + 1; i++) {
            t.send(one, 0, 1);
        }
        assertThat(t.held()).isEqualTo(1);
        assertThat(t.dropped()).isEqualTo(QueueDatagramTransport.HOLD_LIMIT);
        network.failures = 0;
        sendFlight(t);
        assertThat(network.sent).containsExactly((byte) 1, SERVER_HELLO, CERTIFICATE, SERVER_KEY_EXCHANGE,
                CERTIFICATE_REQUEST, SERVER_HELLO_DONE);
    }

    /** A closed transport sends nothing and holds nothing. */
    @Test
    void closedDropsHeldDatagrams() {
        Network network = new Network(Integer.MAX_VALUE);
        QueueDatagramTransport t = new QueueDatagramTransport(network);
        sendFlight(t);
        t.close();
        network.failures = 0;
        t.flush();
        sendFlight(t);
        assertThat(network.sent).isEmpty();
        assertThat(t.held()).isZero();
    }
}
