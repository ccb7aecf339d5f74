package io.prochat.rtc.sfu.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.prochat.rtc.sfu.room.SyntheticPeer;

/**
 * Publishes for every peer, on one thread, what a browser in a huddle sends: Opus audio, one packet every 20 ms, and
 * camera video at 30 frames a second, each frame {@link #VIDEO_PACKETS_PER_FRAME} packets sent back to back. Peers
 * start at random phases, as people join at different moments, so frames do not all arrive at once.
 */
final class MediaPump implements AutoCloseable {
    static final int AUDIO_BYTES = 100;
    static final long AUDIO_INTERVAL_NANOS = 20_000_000L;
    static final int VIDEO_BYTES = 1000;
    static final int VIDEO_PACKETS_PER_FRAME = 2;
    static final long VIDEO_INTERVAL_NANOS = 1_000_000_000L / 30;

    private final List<Publisher> publishers = new ArrayList<>();
    private final MediaClock clock;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    MediaPump(List<SyntheticPeer> peers, MediaClock clock) {
        this.clock = clock;
        long now = System.nanoTime();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (SyntheticPeer p : peers) {
            publishers.add(new Publisher(p, now + r.nextLong(AUDIO_INTERVAL_NANOS), now + r.nextLong(VIDEO_INTERVAL_NANOS)));
        }
        thread = new Thread(this::run, "load-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Packets sent so far (all peers, audio and video). */
    long sent() {
        return sent.get();
    }

    /** Sends that threw (a peer whose session closed). */
    long failed() {
        return failed.get();
    }

    private void run() {
        while (running) {
            long now = System.nanoTime();
            long next = Long.MAX_VALUE;
            for (Publisher p : publishers) {
                next = Math.min(next, p.sendDue(now));
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }

    /** One peer's two streams; the pump thread only. */
    private final class Publisher {
        final SyntheticPeer peer;
        long nextAudio;
        long nextVideo;
        int audioSeq;
        int videoSeq;

        Publisher(SyntheticPeer peer, long nextAudio, long nextVideo) {
            this.peer = peer;
            this.nextAudio = nextAudio;
            this.nextVideo = nextVideo;
        }

        /** Sends what is due at {@code now}; returns when this peer sends next. */
        long sendDue(long now) {
            try {
                if (now >= nextAudio) {
                    peer.sendRtp(peer.micSsrc(), MediaClock.OPUS_PT, false, audioSeq++ & 0xFFFF,
                            clock.timestamp(MediaClock.OPUS_PT, now), AUDIO_BYTES);
                    sent.incrementAndGet();
                    nextAudio = next(nextAudio, AUDIO_INTERVAL_NANOS, now);
                }
                if (now >= nextVideo) {
                    long ts = clock.timestamp(MediaClock.VP8_PT, now);
                    for (int i = 0; i < VIDEO_PACKETS_PER_FRAME; i++) {
                        peer.sendRtp(peer.cameraSsrc(), MediaClock.VP8_PT, i == VIDEO_PACKETS_PER_FRAME - 1,
                                videoSeq++ & 0xFFFF, ts, VIDEO_BYTES);
                        sent.incrementAndGet();
                    }
                    nextVideo = next(nextVideo, VIDEO_INTERVAL_NANOS, now);
                }
            } catch (Exception e) {
                failed.incrementAndGet();
                nextAudio = nextVideo = Long.MAX_VALUE; // this peer is gone; the others go on
            }
            return Math.min(nextAudio, nextVideo);
        }

        /** No catching up after a stall (a browser's encoder does not): a late packet goes late, the next on time. */
        private long next(long due, long interval, long now) {
            return due + interval > now ? due + interval : now + interval;
        }
    }
}
