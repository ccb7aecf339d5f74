package io.prochat.rtc.sfu.sctp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Both directions of RFC 6525 outgoing SSN reset for one association: our requests (one outstanding at a time, sent
 * after the data already queued on those streams, retransmitted on a timer) and the peer's (performed once every TSN
 * up to the request's last TSN has arrived, §5.2.2; answered "in progress" until then).
 */
final class StreamResets {
    /** What a reset does to the association once agreed. */
    interface Effects {
        /** The peer reset these of its outgoing streams: restart their incoming SSNs. */
        void incomingReset(int[] streams);

        /** The peer performed our request: restart these outgoing SSNs. */
        void outgoingReset(int[] streams);
    }

    private record Request(int seq, int[] streams, Chunk chunk) {
    }

    private final Effects effects;
    private final Set<Integer> queue = new LinkedHashSet<>();
    private Request outstanding;
    private long deadline = Long.MAX_VALUE;
    private int nextSeq;
    private int peerNextSeq;
    private int lastPeerResult;
    private ReConfig.OutgoingReset deferred;

    /** Sequence numbers start at each side's initial TSN (§5.1.1). */
    StreamResets(int localInitialTsn, int peerInitialTsn, Effects effects) {
        this.nextSeq = localInitialTsn;
        this.peerNextSeq = peerInitialTsn;
        this.effects = effects;
    }

    void request(int stream) {
        queue.add(stream);
    }

    long deadline() {
        return deadline;
    }

    void stop() {
        deadline = Long.MAX_VALUE;
    }

    /** The peer's RE-CONFIG parameters; responses to send go to {@code control}. */
    void onParams(List<ReConfig.Param> params, int cumulativeTsn, List<Chunk> control) {
        for (ReConfig.Param p : params) {
            if (p instanceof ReConfig.OutgoingReset r) {
                if (r.requestSeq() == peerNextSeq) {
                    if (r.lastTsn() - cumulativeTsn <= 0) {
                        perform(r, control);
                    } else {
                        deferred = r; // data up to its last TSN is still missing
                        control.add(ReConfig.response(r.requestSeq(), ReConfig.IN_PROGRESS));
                    }
                } else if (r.requestSeq() == peerNextSeq - 1) {
                    control.add(ReConfig.response(r.requestSeq(), lastPeerResult)); // our response was lost
                } else {
                    control.add(ReConfig.response(r.requestSeq(), ReConfig.BAD_SEQUENCE));
                }
            } else if (p instanceof ReConfig.Response r) {
                Request req = outstanding;
                if (req != null && r.responseSeq() == req.seq() && r.result() != ReConfig.IN_PROGRESS) {
                    // performed, nothing to do, or refused: either way these streams are done with
                    effects.outgoingReset(finishOutstanding().streams());
                }
            } else if (p instanceof ReConfig.Other o) {
                control.add(ReConfig.response(o.requestSeq(), ReConfig.DENIED));
            }
        }
    }

    /**
     * The peer opened {@code stream} again while our outstanding request to reset it waits for its response: a peer
     * reuses a stream only once both directions are reset, so it performed that request and the response was lost or
     * is late. Completes the request as if the response had come: returns its streams (for their SSNs to restart),
     * or null when no sent request covers {@code stream}. A late response then matches nothing and is ignored.
     */
    int[] completeReused(int stream) {
        Request req = outstanding;
        if (req == null || java.util.Arrays.stream(req.streams()).noneMatch(s -> s == stream)) {
            return null;
        }
        return finishOutstanding().streams();
    }

    /** Our outstanding request is over: no more retransmissions, the next one takes the next number. */
    private Request finishOutstanding() {
        Request req = outstanding;
        outstanding = null;
        deadline = Long.MAX_VALUE;
        nextSeq++;
        return req;
    }

    /** After DATA arrived: a deferred request of the peer's may now be performed. */
    void afterData(int cumulativeTsn, List<Chunk> control) {
        if (deferred != null && deferred.lastTsn() - cumulativeTsn <= 0) {
            perform(deferred, control);
        }
    }

    /** Our next request, once no other is outstanding and nothing waits for a TSN on its streams; else null. */
    Chunk next(Outbound outbound, long now) {
        if (outstanding != null || queue.isEmpty()) {
            return null;
        }
        List<Integer> ready = new ArrayList<>();
        for (int s : queue) {
            if (!outbound.hasUnsent(s)) {
                ready.add(s);
            }
        }
        if (ready.isEmpty()) {
            return null;
        }
        queue.removeAll(ready);
        int[] streams = ready.stream().mapToInt(Integer::intValue).toArray();
        Chunk chunk = ReConfig.outgoingReset(nextSeq, peerNextSeq - 1, outbound.lastAssignedTsn(), streams);
        outstanding = new Request(nextSeq, streams, chunk);
        deadline = now + outbound.rtoNanos();
        return chunk;
    }

    /** The outstanding request again when its timer expired, else null. */
    Chunk retransmission(long now, long rtoNanos) {
        if (deadline > now || outstanding == null) {
            return null;
        }
        deadline = now + rtoNanos;
        return outstanding.chunk();
    }

    private void perform(ReConfig.OutgoingReset r, List<Chunk> control) {
        deferred = null;
        peerNextSeq++;
        lastPeerResult = ReConfig.SUCCESS_PERFORMED;
        control.add(ReConfig.response(r.requestSeq(), ReConfig.SUCCESS_PERFORMED));
        effects.incomingReset(r.streams());
    }
}
