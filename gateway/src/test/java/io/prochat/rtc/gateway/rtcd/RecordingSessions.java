package io.prochat.rtc.gateway.rtcd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal in-memory {@link RtcdSessions} for tests: records every call in order, keeps joined sessions per
 * client, and answers a {@code leave} with a {@code close} through the outbound, as the SFU's will.
 */
final class RecordingSessions implements RtcdSessions {
    /** One call, as a line: {@code "join c1 s1"}, {@code "rtc c1 s1 2"}. */
    final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    private final Map<String, RtcdMessages.SessionConfig> sessions = new ConcurrentHashMap<>();
    private volatile RtcdOutbound outbound;

    void outbound(RtcdOutbound outbound) {
        this.outbound = outbound;
    }

    String next() throws InterruptedException {
        String c = calls.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("the session layer was not called within 10 s");
        }
        return c;
    }

    @Override
    public void join(String clientId, RtcdMessages.Join join) {
        sessions.put(clientId + "/" + join.sessionId(), new RtcdMessages.SessionConfig(clientId, join.callId(),
                join.userId(), join.sessionId(), new RtcdMessages.Props(join.channelId(), join.av1Support(),
                join.dcSignaling())));
        calls.add("join " + clientId + " " + join.sessionId() + " " + join.callId());
    }

    @Override
    public void leave(String clientId, String sessionId) {
        sessions.remove(clientId + "/" + sessionId);
        calls.add("leave " + clientId + " " + sessionId);
        if (outbound != null) {
            outbound.send(clientId, sessionId, new RtcdMessages.Close(sessionId));
        }
    }

    @Override
    public void reconnect(String clientId, String sessionId) {
        calls.add("reconnect " + clientId + " " + sessionId);
    }

    @Override
    public void rtc(String clientId, RtcdMessages.Rtc message) {
        calls.add("rtc " + clientId + " " + message.sessionId() + " " + message.rtcType());
    }

    @Override
    public List<RtcdMessages.SessionConfig> sessions(String clientId, String callId) {
        List<RtcdMessages.SessionConfig> out = new ArrayList<>();
        sessions.values().forEach(s -> {
            if (s.groupId().equals(clientId) && s.callId().equals(callId)) {
                out.add(s);
            }
        });
        return out;
    }
}
