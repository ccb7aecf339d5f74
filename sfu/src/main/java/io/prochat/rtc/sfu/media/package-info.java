/**
 * The forwarding path of a room: one decrypted packet in, one encrypted copy out per receiver. The path is a list of
 * small named stages, read in order in {@link io.prochat.rtc.sfu.media.MediaPipeline}; each passes a packet on or
 * drops it with a reason, and the pipeline counts both (the gateway's {@code prochat_sfu_stage_packets_total}).
 *
 * <p>Threads. Everything here except {@link io.prochat.rtc.sfu.media.StreamSource#attach}/{@code detach} and the
 * {@link io.prochat.rtc.sfu.media.Feedback} periodic reports runs on a media worker ("sfu-media-N"): the receive
 * threads (ice4j's UDP thread, TCP session readers) only copy each datagram to the worker its transport was assigned
 * for life, so a participant's packets are all handled in order on one thread, and different participants' packets
 * on different cores. Workers never block, never allocate per packet and never call back into room or signalling
 * code: they read the receiver list of a stream (a copy-on-write array, replaced by the control thread of
 * {@code room}) and write a few counters and timestamps that the control thread polls (voice activity, receiver
 * bandwidth estimates, report statistics).
 *
 * <p>The threading rule: <b>a stream's forwarding state is written only on its publisher's worker</b> (sequence
 * offset, receive statistics, simulcast layer choice, the {@link io.prochat.rtc.sfu.media.PacketCache} writes);
 * <b>what a receiver's RTCP triggers runs on the receiver's worker</b>: NACK → retransmit reads the publisher's
 * {@link io.prochat.rtc.sfu.media.PacketCache} (its monitor is held only for one slot's copy, never across a send, so
 * neither side can hold the other up), advances that receiver's own RTX counter and {@link
 * io.prochat.rtc.sfu.media.NackGuard}, and sends; PLI/FIR only stamps the source's last request time (a volatile
 * race costs at most one extra keyframe request). This was already so before workers (UDP thread plus TCP readers);
 * workers make it the common case. Sends to one receiver may come from several workers at once: its SRTP session
 * takes one lock per direction for one packet's crypto, and a UDP send does not wait for the peer (a TCP one is
 * queued, {@code ice.TcpWriter}), so a slow receiver holds no lock a worker needs.
 *
 * <p>Buffers. A packet arrives decrypted in place in its worker's ring slot and is only valid during the call. Each
 * receiver gets a copy in a per-thread scratch array ({@link io.prochat.rtc.sfu.media.Scratch}) that is encrypted in
 * place and sent; nothing keeps a reference to either array after the call, except the video
 * {@link io.prochat.rtc.sfu.media.PacketCache}, which copies.
 *
 * <p>RFCs: RTP/RTCP RFC 3550; feedback RFC 4585 (NACK, PLI), RFC 5104 (FIR); retransmission RFC 4588 (RTX); REMB
 * draft-alvestrand-rmcat-remb; client-to-mixer audio level RFC 6464.
 */
package io.prochat.rtc.sfu.media;
