package io.prochat.rtc.jitsi.xmpp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/** Stands in for jicofo: answers conference requests with ready="true" and records the rooms asked for. */
final class FakeFocus implements AutoCloseable {
    final List<String> rooms = new CopyOnWriteArrayList<>();
    private final XMPPTCPConnection connection;
    private final IQRequestHandler handler;

    private FakeFocus(XMPPTCPConnection connection) {
        this.connection = connection;
        FocusConferenceIq.register();
        this.handler = new AbstractIqRequestHandler(FocusConferenceIq.ELEMENT, FocusConferenceIq.NAMESPACE,
                IQ.Type.set, IQRequestHandler.Mode.async) {
            @Override
            public IQ handleIQRequest(IQ request) {
                FocusConferenceIq conference = (FocusConferenceIq) request;
                rooms.add(conference.room());
                return conference.answer(true, connection.getUser().asBareJid().toString(), Map.of("authentication", "false"));
            }
        };
        connection.registerIQRequestHandler(handler);
    }

    static FakeFocus on(XMPPTCPConnection connection) {
        return new FakeFocus(connection);
    }

    @Override
    public void close() {
        connection.unregisterIQRequestHandler(handler);
    }
}
