package io.prochat.rtc.sfu.ice;

import static org.assertj.core.api.Assertions.assertThat;

import org.ice4j.ice.CandidatePair;
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
    @Test
    void aPeerClaimingControlledIsToldToSwitchAndOurAgentStaysControlled() throws Exception {
        try (LoopbackIcePeer p = new LoopbackIcePeer(peer -> {
            peer.setControlling(false); // the wrong role: both sides now claim controlled
            peer.setTieBreaker(-1L);
        })) {
            p.sfu.start(p.peer.getLocalUfrag(), p.peer.getLocalPassword());
            p.peer.startConnectivityEstablishment();
            p.awaitConnected();

            assertThat(p.sfu.isControlling()).as("the SFU's agent never turns controlling").isFalse();
            assertThat(p.peer.isControlling()).as("the peer switched to controlling on our 487").isTrue();
            CandidatePair selected = p.component.getSelectedPair();
            assertThat(selected).isNotNull();
            assertThat(selected.isNominated()).as("the peer nominated the pair").isTrue();
            assertThat(p.sfu.isConnected()).isTrue();
            assertThat(p.sfu.roleConflicts()).as("conflicts this session saw").isPositive();
            assertThat(p.ports.iceRoleConflicts()).isEqualTo(p.sfu.roleConflicts());
        }
    }
}
