/**
 * The forwarding path of a room: one decrypted packet in, one encrypted copy out per receiver. The path is a list of
 * small named stages, read in order in {@link io.prochat.rtc.sfu.media.MediaPipeline}; each passes a packet on or
 * drops it with a reason, and the pipeline counts both (the gateway's {@code prochat_sfu_stage_packets_total}).
 *
 * <p>Threads. Everything here except {@link io.prochat.rtc.sfu.media.StreamSource#attach}/{@code detach} and the
 * {@link io.prochat.rtc.sfu.media.Feedback} periodic reports runs on the packet thread that received the packet
 * (ice4j's UDP receive thread, or the session's TCP reader). Those threads never block, never allocate per packet and
 * never call back into room or signalling code: they read the receiver list of a stream (a copy-on-write array,
 * replaced by the control thread of {@code room}) and write a few counters and timestamps that the control thread
 * polls (voice activity, receiver bandwidth estimates, report statistics).
 *
 * <p>Buffers. A packet arrives decrypted in place in ice4j's receive buffer and is only valid during the call. Each
 * receiver gets a copy in a per-thread scratch array ({@link io.prochat.rtc.sfu.media.Scratch}) that is encrypted in
 * place and sent; nothing keeps a reference to either array after the call, except the video
 * {@link io.prochat.rtc.sfu.media.PacketCache}, which copies.
 *
 * <p>RFCs: RTP/RTCP RFC 3550; feedback RFC 4585 (NACK, PLI), RFC 5104 (FIR); retransmission RFC 4588 (RTX); REMB
 * draft-alvestrand-rmcat-remb; client-to-mixer audio level RFC 6464.
 */
package io.prochat.rtc.sfu.media;
