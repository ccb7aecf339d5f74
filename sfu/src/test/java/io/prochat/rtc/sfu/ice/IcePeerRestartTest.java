package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import org.ice4j.ice.CandidatePair;
import org.junit.jupiter.api.Test;

/**
 * A peer that restarted ICE before our session connected (Pion 3.1.56 does, when our first offer reaches it before its
 * transport took our answer's credentials: its answer then carries a new ufrag and password). Until the session takes
 * the new credentials ({@link IceSession#updateRemoteCredentials}), our checks carry a username the peer refuses and
 * the session never connects (issue 11, item 11: about 40% of Pion joins failed so in HuddlePionInteropTest); with
 * them, the peer's next check triggers one of ours that succeeds, and the pair the peer nominated is selected.
 */
class IcePeerRestartTest {
    @Test
    void aPeerThatRestartedIceIsReachedWithItsNewCredentials() throws Exception {
        try (LoopbackIcePeer p = new LoopbackIcePeer(peer -> peer.setControlling(true))) {
            p.sfu.start("oldufrag", "oldpasswordoldpassword"); // what the peer's join offer said
            p.peer.startConnectivityEstablishment();
            // its answer to our offer: the credentials it restarted with
            assertThat(p.sfu.updateRemoteCredentials(p.peer.getLocalUfrag(), p.peer.getLocalPassword())).isTrue();
            assertThat(p.sfu.updateRemoteCredentials(p.peer.getLocalUfrag(), p.peer.getLocalPassword())).isFalse();
            p.awaitConnected();

            CandidatePair selected = p.component.getSelectedPair();
            assertThat(selected).isNotNull();
            assertThat(p.sfu.isConnected()).isTrue();
        }
    }
}
