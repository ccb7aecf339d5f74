package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.sfu.room.LoopbackHarvester;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.junit.jupiter.api.Test;

/**
 * A peer that wrongly claims the controlled role, as Chromium does in some renegotiations, against the SFU's agent on
 * loopback: the peer is told 487 (Role Conflict), switches to controlling and nominates; the SFU's agent stays
 * controlled and the session connects.
 *
 * <p>The peer is a plain ice4j agent whose tie-breaker is also 2^64-1. ice4j's check server then answers our checks
 * 487 and never switches on a request (it switches only when its own check is answered 487), which is what an
 * RFC 8445 agent with any smaller tie-breaker does against ours: so the peer ending controlling proves it received
 * our 487. Against the old plain {@code Agent} (random 63-bit tie-breaker, not pinned) the SFU's agent took the
 * peer's larger tie-breaker as a reason to turn controlling.
 */
class IceRoleConflictTest {
    private static final long TIMEOUT_S = 20;

    @Test
    void aPeerClaimingControlledIsToldToSwitchAndOurAgentStaysControlled() throws Exception {
        CompletableFuture<Void> sfuConnected = new CompletableFuture<>();
        IceSession.Handler handler = new IceSession.Handler() {
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
        };
        Agent peer = new Agent();
        try (IcePorts ports = new IcePorts(IceConfig.loopback().withTcpPort(-1));
                IceSession sfu = new IceSession(ports, handler)) {
            peer.setControlling(false); // the wrong role: both sides now claim controlled
            peer.setTieBreaker(-1L);
            peer.setUseDynamicPorts(false);
            peer.addCandidateHarvester(new LoopbackHarvester());
            IceMediaStream stream = peer.createMediaStream("media");
            Component component = peer.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
            CompletableFuture<Void> peerCompleted = new CompletableFuture<>();
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
            sfu.start(peer.getLocalUfrag(), peer.getLocalPassword());
            peer.startConnectivityEstablishment();

            sfuConnected.get(TIMEOUT_S, TimeUnit.SECONDS);
            peerCompleted.get(TIMEOUT_S, TimeUnit.SECONDS);

            assertThat(sfu.isControlling()).as("the SFU's agent never turns controlling").isFalse();
            assertThat(peer.isControlling()).as("the peer switched to controlling on our 487").isTrue();
            CandidatePair selected = component.getSelectedPair();
            assertThat(selected).isNotNull();
            assertThat(selected.isNominated()).as("the peer nominated the pair").isTrue();
            assertThat(sfu.isConnected()).isTrue();
            assertThat(sfu.roleConflicts()).as("conflicts this session saw").isPositive();
            assertThat(ports.iceRoleConflicts()).isEqualTo(sfu.roleConflicts());
        } finally {
            peer.free();
        }
    }
}
