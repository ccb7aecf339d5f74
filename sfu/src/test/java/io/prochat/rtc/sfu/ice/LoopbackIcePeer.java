package io.prochat.rtc.sfu.ice;

import io.prochat.rtc.sfu.room.LoopbackHarvester;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;

/**
 * One SFU {@link IceSession} (UDP on loopback) and a plain ice4j peer agent with each other's candidates and the
 * SFU's credentials: a test configures the peer, starts both sides its own way, then {@link #awaitConnected}.
 */
final class LoopbackIcePeer implements AutoCloseable {
    private static final long TIMEOUT_S = 20;

    final IcePorts ports;
    final IceSession sfu;
    final Agent peer = new Agent();
    final Component component;
    private final CompletableFuture<Void> sfuConnected = new CompletableFuture<>();
    private final CompletableFuture<Void> peerCompleted = new CompletableFuture<>();

    /** {@code configurePeer}: the peer's role and tie-breaker, set before it gathers. */
    LoopbackIcePeer(Consumer<Agent> configurePeer) throws Exception {
        ports = new IcePorts(IceConfig.loopback().withTcpPort(-1));
        sfu = new IceSession(ports, new IceSession.Handler() {
            @Override
            public void onPacket(byte[] buf, int off, int len) {
            }

            @Override
            public void onConnected(IceSession session) {
                sfuConnected.complete(null);
            }

            @Override
            public void onFailed(IceSession session, String reason) {
                sfuConnected.completeExceptionally(new AssertionError("SFU side failed: " + reason));
            }
        });
        configurePeer.accept(peer);
        peer.setUseDynamicPorts(false);
        peer.addCandidateHarvester(new LoopbackHarvester());
        IceMediaStream stream = peer.createMediaStream("media");
        component = peer.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        peer.addStateChangeListener(e -> {
            if (e.getNewValue() == IceProcessingState.COMPLETED) {
                peerCompleted.complete(null);
            } else if (e.getNewValue() == IceProcessingState.FAILED) {
                peerCompleted.completeExceptionally(new AssertionError("peer ICE failed"));
            }
        });
        for (IceCandidate c : sfu.localCandidates()) {
            component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(c.address(), c.port(),
                    Transport.UDP), component, CandidateType.HOST_CANDIDATE, c.foundation(), c.priority(), null));
        }
        stream.setRemoteUfrag(sfu.localUfrag());
        stream.setRemotePassword(sfu.localPassword());
        for (LocalCandidate c : component.getLocalCandidates()) {
            sfu.addRemoteCandidate(new IceCandidate(c.getFoundation(), 1, "udp", c.getPriority(),
                    c.getTransportAddress().getHostAddress(), c.getTransportAddress().getPort(), "host", null));
        }
    }

    /** Both sides connected: the SFU's session and the peer's ICE processing completed. */
    void awaitConnected() throws Exception {
        sfuConnected.get(TIMEOUT_S, TimeUnit.SECONDS);
        peerCompleted.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        sfu.close();
        ports.close();
        peer.free();
    }
}
