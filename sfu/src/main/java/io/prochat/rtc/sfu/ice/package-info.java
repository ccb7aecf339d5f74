/**
 * ICE (RFC 8445) for the SFU, on ice4j: one UDP and one TCP port shared by every session and demultiplexed by the
 * local ufrag of each new peer's first STUN request ({@link io.prochat.rtc.sfu.ice.IcePorts}); one controlled agent
 * per peer with consent freshness (RFC 7675) and trickled remote candidates (RFC 8838)
 * ({@link io.prochat.rtc.sfu.ice.IceSession}); candidate lines (RFC 8839 §5.1).
 *
 * <p>Threads: one receive thread per bound UDP address ({@code SharedPortUdpHarvester}) pushes payload datagrams to
 * the session (no per-packet buffer allocation: {@code IceBuffers} pools them) and STUN to ice4j while the agent runs,
 * then to the session's own consent checks ({@code ConsentFreshness}); a TCP session reads its selected connection on
 * its own thread. The AWS metadata probe is switched off before the first agent.
 */
package io.prochat.rtc.sfu.ice;
