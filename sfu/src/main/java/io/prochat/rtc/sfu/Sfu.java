package io.prochat.rtc.sfu;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.prochat.rtc.sfu.dtls.DtlsCertificate;
import io.prochat.rtc.sfu.dtls.DtlsEndpoint;
import io.prochat.rtc.sfu.dtls.DtlsHandshakeException;
import io.prochat.rtc.sfu.dtls.DtlsRole;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.ice.IcePorts;
import io.prochat.rtc.sfu.ice.IceSession;
import io.prochat.rtc.sfu.srtp.SrtpProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU's transport layer as one object: the shared ICE ports, the DTLS certificate, and every peer's
 * {@link MediaTransport}. Rooms sit on top and decide what to forward.
 *
 * <p>Threads it owns: a cached pool for DTLS handshakes ("sfu-dtls", one blocked thread per handshake in progress,
 * idle threads expire; data channel SCTP packets are processed there too), one "sfu-sctp" for data channel timers,
 * and one "sfu-reaper" that every {@link #REAP_INTERVAL} closes transports that never connected
 * within {@link IceConfig#connectTimeout()} or fell silent for {@link IceConfig#peerTimeout()}. Datagrams arrive on
 * ice4j's threads (see {@link IcePorts}), which only hand them to the media workers ("sfu-media-N",
 * {@link MediaWorkers}, one per core by default), where they are decrypted, forwarded and encrypted.
 */
public final class Sfu implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sfu.class);
    static final Duration REAP_INTERVAL = Duration.ofMillis(250);
    /**
     * Handshakes at once: each blocks a thread until it completes or times out, so peers that start handshakes and
     * never finish them (a join flood) hold at most this many threads; later ones wait in line and are reaped with
     * their transports at the connect timeout.
     */
    static final int DTLS_THREADS = 64;

    /**
     * @param preferredDtlsRole our role when the offer says actpass; SERVER (answer passive) lets us choose the SRTP
     *     profile
     * @param srtpProfiles in our order of preference
     * @param mediaWorkers threads that decrypt, forward and encrypt (see {@link MediaWorkers}); 0 = one per core
     * @param udpSocketBufferBytes SO_RCVBUF and SO_SNDBUF asked for on the media UDP sockets (the kernel caps them at
     *     {@code net.core.rmem_max} / {@code wmem_max}; what it granted is logged at start); 0 = the OS default
     */
    public record Config(IceConfig ice, DtlsRole preferredDtlsRole, List<SrtpProfile> srtpProfiles,
            Duration dtlsHandshakeTimeout, int mediaWorkers, int udpSocketBufferBytes) {
        /** 16 MiB, as rtcd asks for: a burst of keyframes to many receivers outlasts the OS default of 208 kB. */
        public static final int DEFAULT_UDP_SOCKET_BUFFER = 16 * 1024 * 1024;

        public Config {
            srtpProfiles = List.copyOf(srtpProfiles);
            if (mediaWorkers < 0) {
                throw new IllegalArgumentException("mediaWorkers must be 0 (one per core) or more: " + mediaWorkers);
            }
            if (udpSocketBufferBytes < 0) {
                throw new IllegalArgumentException("udpSocketBufferBytes must be 0 (OS default) or more");
            }
        }

        public static Config of(IceConfig ice) {
            return new Config(ice, DtlsRole.SERVER, MediaTransport.defaultProfiles(), Duration.ofSeconds(30), 0,
                    DEFAULT_UDP_SOCKET_BUFFER);
        }

        public Config withPreferredDtlsRole(DtlsRole role) {
            return new Config(ice, role, srtpProfiles, dtlsHandshakeTimeout, mediaWorkers, udpSocketBufferBytes);
        }

        public Config withSrtpProfiles(List<SrtpProfile> profiles) {
            return new Config(ice, preferredDtlsRole, profiles, dtlsHandshakeTimeout, mediaWorkers,
                    udpSocketBufferBytes);
        }

        /** {@code n} media worker threads; 0 = one per core. */
        public Config withMediaWorkers(int n) {
            return new Config(ice, preferredDtlsRole, srtpProfiles, dtlsHandshakeTimeout, n, udpSocketBufferBytes);
        }

        /** SO_RCVBUF/SO_SNDBUF asked for on the media UDP sockets; 0 = the OS default. */
        public Config withUdpSocketBufferBytes(int bytes) {
            return new Config(ice, preferredDtlsRole, srtpProfiles, dtlsHandshakeTimeout, mediaWorkers, bytes);
        }

        /** The worker threads this configuration starts. */
        public int effectiveMediaWorkers() {
            return mediaWorkers == 0 ? MediaWorkers.defaultCount() : mediaWorkers;
        }
    }

    private final Config config;
    private final IcePorts ports;
    private final DtlsCertificate certificate;
    private final SfuMetrics metrics = new SfuMetrics();
    private final ExecutorService dtlsExecutor;
    private final ScheduledExecutorService reaper;
    private final ScheduledExecutorService sctpTimers;
    private final Map<String, MediaTransport> transports = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final MediaWorkers workers;

    private Sfu(Config config) throws IOException {
        this.config = config;
        this.ports = new IcePorts(config.ice());
        if (config.udpSocketBufferBytes() > 0) {
            ports.sizeUdpBuffers(config.udpSocketBufferBytes());
        }
        this.workers = new MediaWorkers(config.effectiveMediaWorkers(), MediaWorkers.QUEUE_SLOTS, metrics);
        // the operator's check that [RTC] MediaWorkers took effect (0 = one per core: then the count is the JVM's)
        LOG.info("media workers: {} started (sfu-media-1..{}){}", workers.size(), workers.size(),
                config.mediaWorkers() == 0 ? ", one per core" : "");
        metrics.bindUnknownPeers(ports::refusedStunRequests);
        metrics.bindStunRejected(ports::rejectedStun);
        metrics.bindTcp(ports::tcpRefused, ports::tcpPending);
        metrics.bindIceRoleConflicts(ports::iceRoleConflicts);
        this.certificate = DtlsCertificate.generate();
        // a short keep-alive: the pool starts a thread per handshake up to its size, idle ones must not linger
        ThreadPoolExecutor dtls = new ThreadPoolExecutor(DTLS_THREADS, DTLS_THREADS, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("sfu-dtls"));
        dtls.allowCoreThreadTimeOut(true);
        this.dtlsExecutor = dtls;
        this.reaper = Executors.newSingleThreadScheduledExecutor(daemon("sfu-reaper"));
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("sfu-sctp"));
        timers.setRemoveOnCancelPolicy(true); // a T3 timer is re-armed per SACK: cancelled ones must not pile up
        this.sctpTimers = timers;
        reaper.scheduleWithFixedDelay(this::reap, REAP_INTERVAL.toMillis(), REAP_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Binds the media ports and starts. */
    public static Sfu start(Config config) throws IOException {
        return new Sfu(config);
    }

    public Config config() {
        return config;
    }

    public int udpPort() {
        return ports.udpPort();
    }

    public int tcpPort() {
        return ports.tcpPort();
    }

    /** Our certificate's fingerprint, as every answer carries it. */
    public Fingerprint fingerprint() {
        return certificate.fingerprint();
    }

    public SfuMetrics metrics() {
        return metrics;
    }

    /** Threads now running DTLS work (handshakes waiting on peers among them); at most {@link #DTLS_THREADS}. */
    int dtlsThreads() {
        return ((ThreadPoolExecutor) dtlsExecutor).getPoolSize();
    }

    /** Open transports. */
    public int transportCount() {
        return transports.size();
    }

    public MediaTransport transport(String id) {
        return transports.get(id);
    }

    /**
     * Creates the transport for a peer whose offer carried {@code remote}: a controlled ICE agent on the shared
     * ports, and DTLS in the role the offer's {@code a=setup} leaves us. Read our side for the answer from
     * {@link MediaTransport#localDescription()}.
     */
    public MediaTransport accept(TransportDescription remote, MediaTransport.MediaHandler media,
            MediaTransport.StateListener state) throws IOException {
        if (remote.fingerprints().isEmpty()) {
            throw new IllegalArgumentException("the offer carries no a=fingerprint");
        }
        DtlsRole role = remote.setup().answererRole(config.preferredDtlsRole());
        Wiring wiring = new Wiring();
        IceSession ice = new IceSession(ports, wiring);
        DtlsEndpoint dtls;
        try {
            dtls = new DtlsEndpoint(role, certificate, remote.fingerprints(), config.srtpProfiles(),
                    config.dtlsHandshakeTimeout(), ice::send, wiring);
        } catch (RuntimeException e) {
            ice.close();
            throw e;
        }
        TransportDescription local = new TransportDescription(ice.localUfrag(), ice.localPassword(),
                List.of(certificate.fingerprint()), role.setup(), ice.localCandidates());
        MediaTransport t = new MediaTransport("t" + ids.incrementAndGet(), this, ice, dtls, local, media, state,
                workers.assign());
        wiring.transport = t;
        transports.put(t.id(), t);
        t.start(remote, dtlsExecutor);
        return t;
    }

    /** Data channel timers of every transport (retransmission, shutdown): one thread, short tasks. */
    ScheduledExecutorService sctpTimers() {
        return sctpTimers;
    }

    void forget(MediaTransport t) {
        if (transports.remove(t.id(), t)) {
            workers.release(t.worker());
        }
    }

    /** The media worker threads (tests). */
    MediaWorkers workers() {
        return workers;
    }

    private void reap() {
        long connectNanos = config.ice().connectTimeout().toNanos();
        long peerNanos = config.ice().peerTimeout().toNanos();
        for (MediaTransport t : transports.values()) {
            IceSession ice = t.ice();
            if (!t.dtlsConnected() && ice.ageNanos() > connectNanos) {
                t.close(CloseReason.CONNECT_TIMEOUT);
            } else if (ice.isConnected() && ice.silentNanos() > peerNanos) {
                t.close(CloseReason.PEER_TIMEOUT);
            }
        }
    }

    /** Closes every transport, the ports and the threads. */
    @Override
    public void close() {
        for (MediaTransport t : transports.values()) {
            t.close(CloseReason.LOCAL);
        }
        reaper.shutdownNow();
        sctpTimers.shutdownNow();
        dtlsExecutor.shutdownNow();
        ports.close();
        workers.close();
    }

    /** Connects one transport's ICE and DTLS callbacks to it. */
    private final class Wiring implements IceSession.Handler, DtlsEndpoint.Listener {
        volatile MediaTransport transport;

        @Override
        public void onPacket(byte[] buf, int off, int len) {
            MediaTransport t = transport;
            if (t != null) {
                t.onDatagram(buf, off, len);
            }
        }

        @Override
        public void onConnected(IceSession session) {
            MediaTransport t = transport;
            if (t != null) {
                t.onIceConnected(dtlsExecutor);
            }
        }

        @Override
        public void onPeerChecked(IceSession session) {
            MediaTransport t = transport;
            if (t != null) {
                t.onIcePeerChecked();
            }
        }

        @Override
        public void onFailed(IceSession session, String reason) {
            MediaTransport t = transport;
            if (t != null) {
                t.close(CloseReason.ICE_FAILED);
            }
        }

        @Override
        public void onConnected(DtlsEndpoint endpoint, SrtpProfile profile, byte[] keyingMaterial) {
            MediaTransport t = transport;
            if (t != null) {
                t.onDtlsConnected(profile, keyingMaterial);
            }
        }

        @Override
        public void onFailed(DtlsEndpoint endpoint, DtlsHandshakeException failure) {
            MediaTransport t = transport;
            if (t != null) {
                t.onDtlsFailed(failure);
            }
        }

        @Override
        public void onClosedByPeer(DtlsEndpoint endpoint) {
            MediaTransport t = transport;
            if (t != null) {
                t.close(CloseReason.PEER_CLOSED);
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
