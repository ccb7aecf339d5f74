/**
 * Rooms of N participants on one {@link io.prochat.rtc.sfu.Sfu}: who is in, what each publishes (microphone,
 * camera, screen, screen audio), and the SDP that tells each browser what it receives.
 *
 * <p>Signalling. A client joins with one offer holding a send-only transceiver per track it may ever publish
 * ({@link io.prochat.rtc.sfu.room.JoinRequest}); the room answers it. From then on the SFU is the only offerer: each
 * change (someone joins, leaves, shares a screen, turns a camera on) becomes one server offer per affected
 * participant, with at most one in flight each (Unified Plan; others' tracks sendonly, the client's own recvonly,
 * freed m-lines inactive and reused). Clients ask for changes with messages, so offers never cross; a client offer
 * after the join is answered with {@code glare} (the SFU is the impolite peer).
 *
 * <p>Threads. Each room runs its operations and timers in order on its own serial executor over a small shared
 * pool, "sfu-rooms-N" ({@link io.prochat.rtc.sfu.room.Rooms}): one room's operations never run at once, different
 * rooms' do; public {@link io.prochat.rtc.sfu.room.Room} methods only enqueue. Signals go out on it through
 * {@link io.prochat.rtc.sfu.room.SignalSink}s, which must not block. Transport events (connected, closed) are
 * re-queued onto the room's executor. Packet threads run {@code io.prochat.rtc.sfu.media} and only read what the
 * control side publishes (copy-on-write receiver arrays, volatile flags).
 */
package io.prochat.rtc.sfu.room;
