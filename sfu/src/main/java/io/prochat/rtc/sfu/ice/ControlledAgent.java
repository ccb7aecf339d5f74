package io.prochat.rtc.sfu.ice;

import org.ice4j.ice.Agent;

/**
 * An ice4j {@link Agent} that is always controlled, so a role conflict (RFC 8445 §7.3.1.1) always ends with the peer
 * controlling and nominating, never with both sides controlling or both waiting for the other to nominate.
 *
 * <p>Why pinned: ice4j resolves a controlled/controlled conflict the wrong way round (its
 * {@code ConnectivityCheckServer.repairRoleConflict} applies the controlling rule, "larger tie-breaker keeps its role
 * and answers 487", to both cases, where RFC 8445 has the larger tie-breaker switch to controlling). A browser that
 * wrongly claims controlled (Chromium does in some renegotiations) and an ice4j agent could so both end controlling
 * or both controlled; a three-browser huddle then rarely missed one leg of the mesh ("Only controlling agents can
 * nominate pairs", or a DTLS timeout). Two things make that impossible here:
 * <ul>
 *   <li>the tie-breaker is 2<sup>64</sup>−1, the largest unsigned value: ice4j's check server then answers every
 *       Binding request that claims controlled with 487 (Role Conflict), and the peer, as RFC 8445 §7.2.5.1 requires,
 *       switches to controlling and retries;</li>
 *   <li>{@link #setControlling} ignores a switch to controlling, which ice4j makes when one of our own checks is
 *       answered 487 (the peer, not yet switched, applies the RFC rule to our huge tie-breaker): we stay controlled,
 *       ice4j re-sends the check, and once the peer switched it succeeds.</li>
 * </ul>
 * Every such attempt is reported to {@code onConflict} (the {@code prochat_sfu_ice_role_conflicts_total} counter).
 *
 * <p>ICE-lite (RFC 8445 §2.5), where the browser is always controlling, is not an option: ice4j has no lite mode (its
 * {@code Agent} always runs connectivity checks and has no lite flag), and the SFU's liveness relies on its own
 * consent checks (RFC 7675), which a lite agent does not send.
 */
final class ControlledAgent extends Agent {
    /** 2^64-1 as an unsigned 64-bit value: ice4j compares tie-breakers with {@link Long#compareUnsigned}. */
    static final long TIE_BREAKER = -1L;

    private final Runnable onConflict;

    ControlledAgent(Runnable onConflict) {
        this.onConflict = onConflict;
        super.setControlling(false);
        setTieBreaker(TIE_BREAKER);
    }

    /** Refuses the controlling role: counted as a role conflict and ignored (see the class comment). */
    @Override
    public void setControlling(boolean controlling) {
        if (controlling) {
            onConflict.run();
            return;
        }
        super.setControlling(false);
    }
}
