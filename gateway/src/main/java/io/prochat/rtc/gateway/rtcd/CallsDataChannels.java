package io.prochat.rtc.gateway.rtcd;

import java.nio.charset.StandardCharsets;

import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.datachannel.DataChannel;
import io.prochat.rtc.sfu.datachannel.DataChannels;

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
        transport.enableDataChannels(new DataChannels.Listener() {
            @Override
            public void onOpen(DataChannel channel) {
                listener.onOpen(wrap(channel));
            }

            @Override
            public void onMessage(DataChannel channel, boolean binary, byte[] data) {
                if (binary) {
                    listener.onBinary(wrap(channel), data);
                } else {
                    listener.onText(wrap(channel), new String(data, StandardCharsets.UTF_8));
                }
            }

            @Override
            public void onClose(DataChannel channel) {
                listener.onClose(wrap(channel));
            }
        });
    }

    private static Channel wrap(DataChannel channel) {
        return new SctpChannel(channel);
    }

    /** Equal for the same SCTP channel, so the session can tell its channel's close from another's. */
    private record SctpChannel(DataChannel channel) implements Channel {
        @Override
        public boolean isOpen() {
            return channel.state() == DataChannel.State.OPEN;
        }

        @Override
        public void send(byte[] binary) {
            channel.send(binary);
        }

        @Override
        public void sendText(String text) {
            channel.send(text);
        }
    }
}
