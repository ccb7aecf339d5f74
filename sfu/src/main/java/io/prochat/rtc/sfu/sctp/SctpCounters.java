package io.prochat.rtc.sfu.sctp;

import java.util.concurrent.atomic.LongAdder;

/** What an association dropped or repeated, readable from any thread. Every drop of peer input lands in one of these. */
public final class SctpCounters {
    /** Too short, chunk lengths that do not add up, a chunk or parameter we cannot read. */
    final LongAdder malformed = new LongAdder();
    final LongAdder badChecksum = new LongAdder();
    final LongAdder badVerificationTag = new LongAdder();
    /** A chunk that is not allowed in the current state (e.g. DATA before the association is up). */
    final LongAdder unexpected = new LongAdder();
    /** INITs answered; each costs one INIT ACK and no state (§5.1.3). */
    final LongAdder initsAnswered = new LongAdder();
    final LongAdder badCookie = new LongAdder();
    /** DATA beyond the receive window, a stream out of range, or a message too large: dropped, not acked. */
    final LongAdder dataDropped = new LongAdder();
    final LongAdder duplicateData = new LongAdder();
    final LongAdder retransmissions = new LongAdder();
    final LongAdder fastRetransmissions = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder abandonedMessages = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder messagesReceived = new LongAdder();
    /** Exceptions caught inside the association: a bug of ours, always zero in tests. */
    final LongAdder internalErrors = new LongAdder();

    public long internalErrors() {
        return internalErrors.sum();
    }

    public long malformed() {
        return malformed.sum();
    }

    public long badChecksum() {
        return badChecksum.sum();
    }

    public long badVerificationTag() {
        return badVerificationTag.sum();
    }

    public long unexpected() {
        return unexpected.sum();
    }

    public long initsAnswered() {
        return initsAnswered.sum();
    }

    public long badCookie() {
        return badCookie.sum();
    }

    public long dataDropped() {
        return dataDropped.sum();
    }

    public long duplicateData() {
        return duplicateData.sum();
    }

    public long retransmissions() {
        return retransmissions.sum();
    }

    public long fastRetransmissions() {
        return fastRetransmissions.sum();
    }

    public long timeouts() {
        return timeouts.sum();
    }

    public long abandonedMessages() {
        return abandonedMessages.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    /** Every input dropped for being wrong, for tests and metrics. */
    public long rejected() {
        return malformed() + badChecksum() + badVerificationTag() + unexpected() + badCookie();
    }

    @Override
    public String toString() {
        return "SctpCounters[malformed=" + malformed() + ", badChecksum=" + badChecksum() + ", badTag="
                + badVerificationTag() + ", unexpected=" + unexpected() + ", inits=" + initsAnswered() + ", badCookie="
                + badCookie() + ", dataDropped=" + dataDropped() + ", dup=" + duplicateData() + ", rtx="
                + retransmissions() + ", fastRtx=" + fastRetransmissions() + ", timeouts=" + timeouts()
                + ", abandoned=" + abandonedMessages() + ", sent=" + messagesSent() + ", received="
                + messagesReceived() + ", internalErrors=" + internalErrors() + "]";
    }
}
