package io.prochat.rtc.gateway.rtcd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The placeholder until the SFU implements {@link RtcdSessions}: every {@code join} is refused at once with a
 * {@code close} (so the plugin tells its user the call failed instead of waiting), and the rest is ignored.
 */
final class UnwiredSessions implements RtcdSessions {
    private static final Logger LOG = LoggerFactory.getLogger(UnwiredSessions.class);
    private final RtcdOutbound outbound;

    UnwiredSessions(RtcdOutbound outbound) {
        this.outbound = outbound;
    }

    @Override
    public void join(String clientId, RtcdMessages.Join join) {
        LOG.warn("rtcd join of session {} refused: the SFU is not connected to the rtcd protocol yet", join.sessionId());
        outbound.send(clientId, join.sessionId(), new RtcdMessages.Close(join.sessionId()));
    }

    @Override
    public void leave(String clientId, String sessionId) {
    }

    @Override
    public void reconnect(String clientId, String sessionId) {
    }

    @Override
    public void rtc(String clientId, RtcdMessages.Rtc message) {
    }

    @Override
    public List<RtcdMessages.SessionConfig> sessions(String clientId, String callId) {
        return List.of();
    }
}
