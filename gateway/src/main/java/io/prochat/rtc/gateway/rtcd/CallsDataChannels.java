package io.prochat.rtc.gateway.rtcd;

import io.prochat.rtc.sfu.MediaTransport;

/**
 * A Calls session's data channels ({@code calls-dc}) on its transport, as the session layer sees them: text and
 * binary messages in, and a way back.
 */
final class CallsDataChannels {
    private CallsDataChannels() {
    }

    /** One open data channel. */
    interface Channel {
        boolean isOpen();

        void send(byte[] binary);

        void sendText(String text);
    }

    /** Called on the data channel's thread, never on the RTP path. */
    interface Listener {
        void onOpen(Channel channel);

        void onText(Channel channel, String text);

        void onBinary(Channel channel, byte[] data);

        void onClose(Channel channel);
    }

    /** Accepts the data channels the client opens on {@code transport} (before its DTLS connects). */
    static void open(MediaTransport transport, Listener listener) {
        throw new UnsupportedOperationException("data channels are not wired yet"); // replaced once SCTP lands
    }
}
