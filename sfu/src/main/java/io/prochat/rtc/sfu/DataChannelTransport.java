package io.prochat.rtc.sfu;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.datachannel.DataChannels;
import io.prochat.rtc.sfu.dtls.DtlsEndpoint;
import io.prochat.rtc.sfu.dtls.DtlsRole;
import io.prochat.rtc.sfu.sctp.SctpConfig;

/**
 * A transport's data channels on its DTLS association (RFC 8261): SCTP packets in from DTLS application data, out
 * through {@link DtlsEndpoint#sendApplicationData}, timers on the SFU's shared "sfu-sctp" thread.
 *
 * <p>Nothing here is on the RTP path: inbound SCTP runs on the DTLS executor (where DTLS records are already
 * decrypted), timers on the timer thread, sends on the caller's thread.
 */
final class DataChannelTransport implements DataChannels.Timer {
    private final DataChannels channels;
    private final DtlsEndpoint dtls;
    private final ScheduledExecutorService timers;
    private ScheduledFuture<?> pending;
    private long pendingAt = Long.MAX_VALUE;

    DataChannelTransport(DtlsEndpoint dtls, ScheduledExecutorService timers, DataChannels.Listener listener) {
        this.dtls = dtls;
        this.timers = timers;
        this.channels = new DataChannels(SctpConfig.defaults().withMtu(DtlsEndpoint.MAX_APPLICATION_DATA), dtls.role() == DtlsRole.CLIENT, System::nanoTime,
                this::send, this, listener);
        dtls.setApplicationDataHandler(channels::receive);
    }

    DataChannels channels() {
        return channels;
    }

    /**
     * DTLS is up. As DTLS client we send INIT; as server we wait for the browser's (Chromium always sends one; if both
     * do, the association handles the crossing INITs).
     */
    void onDtlsConnected() {
        if (dtls.role() == DtlsRole.CLIENT) {
            channels.connect();
        }
    }

    /** The transport is closing: ABORT while DTLS can still carry it. */
    void close() {
        channels.abort();
        synchronized (this) {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
            pendingAt = 0; // no more timers
        }
    }

    private void send(byte[] packet) {
        dtls.sendApplicationData(packet, 0, packet.length);
    }

    @Override
    public synchronized void wakeAt(long nanos) {
        if (nanos == Long.MAX_VALUE || nanos >= pendingAt) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pendingAt = nanos;
        try {
            pending = timers.schedule(this::fire, Math.max(0, nanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending = null; // the SFU is closing
        }
    }

    private void fire() {
        synchronized (this) {
            if (pendingAt == 0) {
                return;
            }
            pending = null;
            pendingAt = Long.MAX_VALUE;
        }
        channels.handleTimeout();
    }
}
