package io.prochat.rtc.sfu.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.datachannel.DataChannel;
import io.prochat.rtc.sfu.datachannel.DataChannels;
import io.prochat.rtc.sfu.datachannel.Reliability;
import io.prochat.rtc.sfu.sctp.SctpConfig;
import io.prochat.rtc.sfu.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

/**
 * Application data over our DTLS, both roles, real UDP on loopback: the hook and the serialised send, then our own
 * data channels on top of it (SCTP packets as DTLS records, RFC 8261).
 */
class DtlsDataChannelsTest {
    private static final List<SrtpProfile> CM = List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);

    @Test
    void applicationDataBothWaysAndDataChannelsOnTop() throws Exception {
        DtlsCertificate serverCert = DtlsCertificate.generate();
        DtlsCertificate clientCert = DtlsCertificate.generate();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (LoopbackDtlsPair pair = new LoopbackDtlsPair(serverCert, List.of(clientCert.fingerprint()), CM,
                clientCert, List.of(serverCert.fingerprint()), CM)) {
            CompletableFuture<DataChannel> serverSide = new CompletableFuture<>();
            CompletableFuture<byte[]> atServer = new CompletableFuture<>();
            CompletableFuture<byte[]> atClient = new CompletableFuture<>();
            CompletableFuture<DataChannel> clientOpen = new CompletableFuture<>();
            DataChannels server = channels(pair.server, false, timers, new DataChannels.Listener() {
                @Override
                public void onOpen(DataChannel channel) {
                    serverSide.complete(channel);
                }

                @Override
                public void onMessage(DataChannel channel, boolean binary, byte[] data) {
                    atServer.complete(data);
                    channel.send(data); // echo
                }
            });
            DataChannels client = channels(pair.client, true, timers, new DataChannels.Listener() {
                @Override
                public void onOpen(DataChannel channel) {
                    clientOpen.complete(channel);
                }

                @Override
                public void onMessage(DataChannel channel, boolean binary, byte[] data) {
                    atClient.complete(data);
                }
            });
            assertThat(pair.client.sendApplicationData(new byte[10], 0, 10)).as("not before the handshake").isFalse();
            pair.start();
            assertThat(pair.serverOutcome.get(10, TimeUnit.SECONDS).failure()).isNull();
            assertThat(pair.clientOutcome.get(10, TimeUnit.SECONDS).failure()).isNull();
            assertThat(pair.client.sendApplicationData(new byte[DtlsEndpoint.MAX_APPLICATION_DATA], 0,
                    DtlsEndpoint.MAX_APPLICATION_DATA + 1000)).as("larger than one record").isFalse();

            client.connect(); // the DTLS client starts SCTP here; the server waits for INIT
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            DataChannel c = client.open("calls-dc", "", Reliability.RELIABLE);
            assertThat(c).isNotNull();
            assertThat(clientOpen.get(10, TimeUnit.SECONDS).id()).isZero();
            assertThat(serverSide.get(10, TimeUnit.SECONDS).label()).isEqualTo("calls-dc");
            byte[] big = new byte[200_000];
            new java.util.Random(1).nextBytes(big);
            assertThat(c.send(big)).isTrue();
            assertThat(atServer.get(10, TimeUnit.SECONDS)).isEqualTo(big);
            assertThat(atClient.get(10, TimeUnit.SECONDS)).isEqualTo(big);
            assertThat(client.counters().internalErrors() + server.counters().internalErrors()).isZero();
        } finally {
            timers.shutdownNow();
        }
    }

    private static DataChannels channels(DtlsEndpoint dtls, boolean client, ScheduledExecutorService timers,
            DataChannels.Listener listener) {
        DataChannels[] self = new DataChannels[1];
        self[0] = new DataChannels(SctpConfig.defaults().withMtu(DtlsEndpoint.MAX_APPLICATION_DATA), client,
                System::nanoTime, p -> dtls.sendApplicationData(p, 0, p.length),
                at -> timers.schedule(() -> self[0].handleTimeout(), Math.max(0, at - System.nanoTime()),
                        TimeUnit.NANOSECONDS), listener);
        dtls.setApplicationDataHandler(self[0]::receive);
        return self[0];
    }
}
