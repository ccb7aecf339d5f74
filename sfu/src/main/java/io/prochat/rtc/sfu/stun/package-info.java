/**
 * A minimal STUN message view for demultiplexing on the shared media port: header fields and
 * attribute look-up, notably the USERNAME ufrag that routes a connectivity check to its ICE agent.
 * ice4j does everything else while ICE runs (integrity, fingerprint, transactions); after it, an established
 * session's consent checks are verified and written by {@code ice.StunBinding}, on top of this view.
 *
 * <p>Specifications: RFC 8489 (STUN, obsoleting RFC 5389), RFC 8445 §7.2.2 (USERNAME of ICE checks),
 * RFC 7983 (first-byte ranges on a shared port).
 */
package io.prochat.rtc.sfu.stun;
