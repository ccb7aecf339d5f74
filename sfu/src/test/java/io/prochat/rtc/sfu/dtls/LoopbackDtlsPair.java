package io.prochat.rtc.sfu.dtls;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.prochat.rtc.sfu.srtp.SrtpProfile;

/** Two DTLS endpoints talking over two real UDP sockets on 127.0.0.1, one reader thread per socket. */
final class LoopbackDtlsPair implements AutoCloseable {
    /** What one side ended with. */
    record Outcome(SrtpProfile profile, byte[] keyingMaterial, DtlsHandshakeException failure) {
    }

    final DatagramSocket serverSocket;
    final DatagramSocket clientSocket;
    final DtlsEndpoint server;
    final DtlsEndpoint client;
    final CompletableFuture<Outcome> serverOutcome = new CompletableFuture<>();
    final CompletableFuture<Outcome> clientOutcome = new CompletableFuture<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    LoopbackDtlsPair(DtlsCertificate serverCert, List<Fingerprint> serverExpects, List<SrtpProfile> serverProfiles,
            DtlsCertificate clientCert, List<Fingerprint> clientExpects, List<SrtpProfile> clientProfiles)
            throws SocketException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        serverSocket = new DatagramSocket(new InetSocketAddress(lo, 0));
        clientSocket = new DatagramSocket(new InetSocketAddress(lo, 0));
        server = new DtlsEndpoint(DtlsRole.SERVER, serverCert, serverExpects, serverProfiles, Duration.ofSeconds(10),
                sender(serverSocket, clientSocket), listener(serverOutcome));
        client = new DtlsEndpoint(DtlsRole.CLIENT, clientCert, clientExpects, clientProfiles, Duration.ofSeconds(10),
                sender(clientSocket, serverSocket), listener(clientOutcome));
        executor.execute(() -> pump(serverSocket, server));
        executor.execute(() -> pump(clientSocket, client));
    }

    void start() {
        server.start(executor);
        client.start(executor);
    }

    private static DtlsEndpoint.Sender sender(DatagramSocket from, DatagramSocket to) {
        return (buf, off, len) -> from.send(new DatagramPacket(buf, off, len, to.getLocalSocketAddress()));
    }

    private static DtlsEndpoint.Listener listener(CompletableFuture<Outcome> outcome) {
        return new DtlsEndpoint.Listener() {
            @Override
            public void onConnected(DtlsEndpoint endpoint, SrtpProfile profile, byte[] keyingMaterial) {
                outcome.complete(new Outcome(profile, keyingMaterial, null));
            }

            @Override
            public void onFailed(DtlsEndpoint endpoint, DtlsHandshakeException failure) {
                outcome.complete(new Outcome(null, null, failure));
            }
        };
    }

    private static void pump(DatagramSocket socket, DtlsEndpoint endpoint) {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                p.setData(buf);
                socket.receive(p);
                endpoint.receive(p.getData(), p.getOffset(), p.getLength());
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        server.close();
        client.close();
        serverSocket.close();
        clientSocket.close();
        executor.shutdownNow();
    }
}
