package io.prochat.rtc.sfu.dtls;

import java.io.IOException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.prochat.rtc.sfu.srtp.SrtpProfile;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS 1.2 association for DTLS-SRTP (RFC 5763, RFC 5764), either role, with BouncyCastle.
 *
 * <ul>
 *   <li>Version pinned to DTLS 1.2: a DTLS 1.3 ClientHello (Chrome 141+) falls back to 1.2.</li>
 *   <li>ECDHE_ECDSA suites with our P-256 certificate; as server we request the client's certificate
 *       ({@code ecdsa_sign} first, as Chrome 124+ requires) so its fingerprint can be checked.</li>
 *   <li>The peer's certificate must match one of its signalled {@code a=fingerprint}s, else the handshake is aborted
 *       with {@code bad_certificate} and {@link DtlsFailure#FINGERPRINT_MISMATCH} is reported.</li>
 *   <li>use_srtp: as server we pick the first of our profiles the client offers; as client we offer ours and accept
 *       only one of them.</li>
 *   <li>Keys: {@code EXTRACTOR-dtls_srtp} (RFC 5705) once the handshake completes; without extended master secret we
 *       fall back to the RFC 5705 PRF over the master secret, as JVB does for old peers.</li>
 * </ul>
 *
 * <p>Threading: {@link #receive} is called by the network thread and only copies into a bounded queue. The blocking
 * handshake runs on the given executor; after it, each batch of incoming records (alerts, retransmitted flights) is
 * drained by a short task on the same executor. Listener callbacks and application data run on the executor thread;
 * {@link #sendApplicationData} may be called from any thread.
 */
public final class DtlsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);

    /** Sends one datagram to the peer (through ICE). */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    /** Outcome callbacks, called once each at most, on the DTLS executor. */
    public interface Listener {
        /** The handshake finished: {@code keyingMaterial} is {@code profile.keyingMaterialLength()} bytes. */
        void onConnected(DtlsEndpoint endpoint, SrtpProfile profile, byte[] keyingMaterial);

        void onFailed(DtlsEndpoint endpoint, DtlsHandshakeException failure);

        /** The peer sent close_notify after the handshake. */
        default void onClosedByPeer(DtlsEndpoint endpoint) {
        }
    }

    /**
     * Application data records (a data channel's SCTP packets, RFC 8261), on the DTLS executor; the buffer is valid
     * only during the call.
     */
    @FunctionalInterface
    public interface ApplicationDataHandler {
        void onApplicationData(byte[] buf, int off, int len);
    }

    /**
     * The largest application data record payload {@link #sendApplicationData} takes: our datagrams stay within
     * {@link QueueDatagramTransport#SEND_LIMIT} bytes, less the largest DTLS 1.2 record overhead of our suites
     * (AES-CBC-SHA256: 13 header + 16 IV + 32 MAC + 16 padding).
     */
    public static final int MAX_APPLICATION_DATA = QueueDatagramTransport.SEND_LIMIT - 77;

    private final DtlsRole role;
    private final DtlsCertificate certificate;
    private final List<Fingerprint> remoteFingerprints;
    private final List<SrtpProfile> profiles;
    private final int handshakeTimeoutMillis;
    private final Listener listener;
    private final QueueDatagramTransport transport;
    private final Object sendLock = new Object();
    private volatile ApplicationDataHandler applicationData;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final byte[] drainBuffer = new byte[QueueDatagramTransport.RECEIVE_LIMIT];

    private volatile Executor executor;
    private volatile DTLSTransport dtls;
    private volatile boolean closed;
    private volatile DtlsFailure failureHint;
    private volatile SrtpProfile chosenProfile;
    private volatile byte[] keyingMaterial;
    private volatile org.bouncycastle.tls.TlsPeer peer;

    public DtlsEndpoint(DtlsRole role, DtlsCertificate certificate, List<Fingerprint> remoteFingerprints,
            List<SrtpProfile> profiles, Duration handshakeTimeout, Sender sender, Listener listener) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("no SRTP profile");
        }
        this.role = role;
        this.certificate = certificate;
        this.remoteFingerprints = List.copyOf(remoteFingerprints);
        this.profiles = List.copyOf(profiles);
        this.handshakeTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis());
        this.listener = listener;
        this.transport = new QueueDatagramTransport(sender);
    }

    public DtlsRole role() {
        return role;
    }

    /** The negotiated profile, or null before the handshake completed. */
    public SrtpProfile profile() {
        return keyingMaterial == null ? null : chosenProfile;
    }

    public boolean isConnected() {
        return dtls != null;
    }

    /** Datagrams dropped because the queue was full or we were closed. */
    public long droppedDatagrams() {
        return transport.dropped();
    }

    /** Where received application data goes; without a handler it is discarded. Set before data can arrive. */
    public void setApplicationDataHandler(ApplicationDataHandler handler) {
        this.applicationData = handler;
    }

    /**
     * Sends one application data record; sends from different threads are serialised. False when not connected,
     * closed, too large for one record, or the send failed.
     */
    public boolean sendApplicationData(byte[] buf, int off, int len) {
        DTLSTransport t = dtls;
        if (t == null || closed) {
            return false;
        }
        synchronized (sendLock) {
            try {
                if (len > t.getSendLimit()) {
                    LOG.debug("application data of {} bytes over the DTLS send limit {}", len, t.getSendLimit());
                    return false;
                }
                t.send(buf, off, len);
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.debug("DTLS application data send failed: {}", e.toString());
                return false;
            }
        }
    }

    /** Starts the handshake on {@code executor}. A server waits for the ClientHello; a client sends it. */
    public void start(Executor executor) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        this.executor = executor;
        executor.execute(this::handshake);
    }

    /**
     * Hands a DTLS datagram (first byte 20..63, RFC 7983) from the network to this endpoint. Copies it; the caller
     * keeps its buffer. Returns false when the datagram was dropped.
     */
    public boolean receive(byte[] buf, int off, int len) {
        if (closed) {
            return false;
        }
        boolean queued = transport.offer(buf, off, len);
        if (queued && dtls != null) {
            scheduleDrain();
        }
        return queued;
    }

    /**
     * The path to the peer is ready (ICE connected): datagrams of ours held because there was none yet go out now,
     * in order, rather than at the next retransmission (see {@link QueueDatagramTransport}).
     */
    public void pathReady() {
        transport.flush();
    }

    /** Sends close_notify when connected, aborts a running handshake, and drops queued datagrams. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        DTLSTransport t = dtls;
        if (t != null) {
            try {
                t.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("close_notify failed: {}", e.toString());
            }
        }
        transport.close();
    }

    private void handshake() {
        try {
            DTLSTransport t;
            if (role == DtlsRole.SERVER) {
                ServerImpl server = new ServerImpl();
                peer = server;
                t = new DTLSServerProtocol().accept(server, transport);
            } else {
                ClientImpl client = new ClientImpl();
                peer = client;
                t = new DTLSClientProtocol().connect(client, transport);
            }
            if (keyingMaterial == null) {
                throw new TlsFatalAlert(AlertDescription.internal_error, "no keying material");
            }
            if (closed) {
                t.close();
                throw new IOException("closed during handshake");
            }
            dtls = t;
            byte[] material = keyingMaterial.clone();
            java.util.Arrays.fill(keyingMaterial, (byte) 0); // handed over: the array stays as the "connected" mark
            listener.onConnected(this, chosenProfile, material);
            if (transport.hasPending()) {
                scheduleDrain();
            }
        } catch (IOException | RuntimeException e) {
            DtlsFailure failure = classify(e);
            transport.close();
            listener.onFailed(this, new DtlsHandshakeException(failure, e.toString(), e));
        }
    }

    private DtlsFailure classify(Exception e) {
        if (failureHint != null) {
            return failureHint;
        }
        if (closed) {
            return DtlsFailure.CLOSED;
        }
        if (e instanceof TlsTimeoutException) {
            return DtlsFailure.TIMEOUT;
        }
        if (e instanceof TlsFatalAlert || e instanceof TlsFatalAlertReceived) {
            return DtlsFailure.ALERT;
        }
        return DtlsFailure.ERROR;
    }

    private void scheduleDrain() {
        Executor e = executor;
        if (e != null && draining.compareAndSet(false, true)) {
            e.execute(this::drain);
        }
    }

    /**
     * Lets BouncyCastle process records that arrived after the handshake: alerts, a retransmitted last flight, and
     * application data, which goes to the {@link ApplicationDataHandler} (or is discarded without one).
     */
    private void drain() {
        try {
            DTLSTransport t = dtls;
            while (t != null && !closed && transport.hasPending()) {
                int n = t.receive(drainBuffer, 0, drainBuffer.length, 1);
                if (n < 0 && !transport.hasPending()) {
                    break;
                }
                ApplicationDataHandler handler = applicationData;
                if (n > 0 && handler != null) {
                    try {
                        handler.onApplicationData(drainBuffer, 0, n);
                    } catch (RuntimeException e) {
                        LOG.warn("application data handler failed", e);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("DTLS record processing ended: {}", e.toString());
        } finally {
            draining.set(false);
        }
        if (!closed && transport.hasPending()) {
            scheduleDrain();
        }
    }

    // ---- shared handshake logic ------------------------------------------------------------------------------

    private void verifyPeer(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            failureHint = DtlsFailure.FINGERPRINT_MISMATCH;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "no peer certificate");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        for (Fingerprint f : remoteFingerprints) {
            if (Fingerprint.isAcceptedHash(f.hashFunction()) && f.matches(der)) {
                return;
            }
        }
        failureHint = DtlsFailure.FINGERPRINT_MISMATCH;
        throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer certificate does not match a=fingerprint");
    }

    private TlsCredentialedSigner signer(TlsContext context) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), DtlsCertificate.CRYPTO,
                certificate.privateKey(), certificate.chain(),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    private void exportKeys(TlsContext context) throws IOException {
        SrtpProfile profile = chosenProfile;
        if (profile == null) {
            failureHint = DtlsFailure.NO_COMMON_SRTP_PROFILE;
            throw new TlsFatalAlert(AlertDescription.internal_error, "no SRTP profile negotiated");
        }
        int length = profile.keyingMaterialLength();
        SecurityParameters sp = context.getSecurityParametersConnection();
        if (sp.isExtendedMasterSecret()) {
            keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        } else {
            // RFC 5705 §4 without a context value: PRF(master_secret, label, client_random + server_random).
            byte[] seed = org.bouncycastle.util.Arrays.concatenate(sp.getClientRandom(), sp.getServerRandom());
            keyingMaterial = TlsUtils.PRF(sp, sp.getMasterSecret(), ExporterLabel.dtls_srtp, seed, length).extract();
        }
    }

    private int[] profileIds() {
        int[] ids = new int[profiles.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = profiles.get(i).tlsId();
        }
        return ids;
    }

    private void logAlert(String direction, short level, short description, String message) {
        if (level == AlertLevel.fatal || description != AlertDescription.close_notify) {
            LOG.debug("DTLS alert {}: {} {}", direction, AlertDescription.getText(description),
                    message == null ? "" : message);
        }
    }

    private static Vector<SignatureAndHashAlgorithm> acceptedPeerSignatures() {
        Vector<SignatureAndHashAlgorithm> algs = new Vector<>();
        algs.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        algs.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
        algs.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        algs.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
        return algs;
    }

    // ---- server role ----------------------------------------------------------------------------------------

    @SuppressWarnings({"rawtypes", "unchecked"})
    private final class ServerImpl extends DefaultTlsServer {
        ServerImpl() {
            super(DtlsCertificate.CRYPTO);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            // Only ECDSA suites: the default list has none, and our only credential is ECDSA.
            return new int[] {
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
            };
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() {
            return signer(context);
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
            return new CertificateRequest(types, acceptedPeerSignatures(), null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            verifyPeer(clientCertificate);
        }

        @Override
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (offered != null) {
                for (SrtpProfile ours : profiles) {
                    for (int theirs : offered.getProtectionProfiles()) {
                        if (ours.tlsId() == theirs) {
                            chosenProfile = ours;
                            return;
                        }
                    }
                }
            }
            failureHint = DtlsFailure.NO_COMMON_SRTP_PROFILE;
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }

        @Override
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = super.getServerExtensions();
            if (extensions == null) {
                extensions = new Hashtable();
            }
            TlsSRTPUtils.addUseSRTPExtension(extensions,
                    new UseSRTPData(new int[] {chosenProfile.tlsId()}, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            exportKeys(context);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return handshakeTimeoutMillis;
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            logAlert("raised", level, description, message);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            logAlert("received", level, description, null);
            if (description == AlertDescription.close_notify && dtls != null) {
                listener.onClosedByPeer(DtlsEndpoint.this);
            }
        }
    }

    // ---- client role ----------------------------------------------------------------------------------------

    @SuppressWarnings({"rawtypes", "unchecked"})
    private final class ClientImpl extends DefaultTlsClient {
        ClientImpl() {
            super(DtlsCertificate.CRYPTO);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            };
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            if (extensions == null) {
                extensions = new Hashtable();
            }
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(profileIds(), TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen != null && chosen.getProtectionProfiles().length == 1) {
                SrtpProfile p = SrtpProfile.fromTlsId(chosen.getProtectionProfiles()[0]);
                if (p != null && profiles.contains(p)) {
                    chosenProfile = p;
                    return;
                }
            }
            failureHint = DtlsFailure.NO_COMMON_SRTP_PROFILE;
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose no SRTP profile of ours");
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    verifyPeer(serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return signer(context);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            exportKeys(context);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return handshakeTimeoutMillis;
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            logAlert("raised", level, description, message);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            logAlert("received", level, description, null);
            if (description == AlertDescription.close_notify && dtls != null) {
                listener.onClosedByPeer(DtlsEndpoint.this);
            }
        }
    }
}
