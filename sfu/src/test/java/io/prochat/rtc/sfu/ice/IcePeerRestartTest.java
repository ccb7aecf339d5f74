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
 * A peer that restarted ICE before our session connected (Pion 3.1.56 does, when our first offer reaches it before its
 * transport took our answer's credentials: its answer then carries a new ufrag and password). Until the session takes
 * the new credentials ({@link IceSession#updateRemoteCredentials}), our checks carry a username the peer refuses and
 * the session never connects (issue 11, item 11: about 40% of Pion joins failed so in HuddlePionInteropTest); with
 * them, the peer's next check triggers one of ours that succeeds, and the pair the peer nominated is selected.
 */
class IcePeerRestartTest {
    private static final long TIMEOUT_S = 20;

    @Test
    void aPeerThatRestartedIceIsReachedWithItsNewCredentials() throws Exception {
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
            peer.setControlling(true);
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
            sfu.start("oldufrag", "oldpasswordoldpassword"); // what the peer's join offer said
            peer.startConnectivityEstablishment();
            // its answer to our offer: the credentials it restarted with
            assertThat(sfu.updateRemoteCredentials(peer.getLocalUfrag(), peer.getLocalPassword())).isTrue();
            assertThat(sfu.updateRemoteCredentials(peer.getLocalUfrag(), peer.getLocalPassword())).isFalse();

            sfuConnected.get(TIMEOUT_S, TimeUnit.SECONDS);
            peerCompleted.get(TIMEOUT_S, TimeUnit.SECONDS);

            CandidatePair selected = component.getSelectedPair();
            assertThat(selected).isNotNull();
            assertThat(sfu.isConnected()).isTrue();
        } finally {
            peer.free();
        }
    }
}
