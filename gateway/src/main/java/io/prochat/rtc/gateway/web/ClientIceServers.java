package io.prochat.rtc.gateway.web;

import io.prochat.rtc.gateway.config.IceServer;
import io.prochat.rtc.gateway.config.RtcConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ICE servers a participant's browser uses ({@code RTCConfiguration.iceServers}): {@code [[RTC.ICEServers]]} as
 * configured, then the TURN server of {@code [RTC] TURNURLs} with credentials of its own.
 */
public final class ClientIceServers {
    private final List<IceServer> configured;
    private final List<String> turnUrls;
    private final TurnCredentials credentials;

    public ClientIceServers(RtcConfig rtc, Clock clock) {
        this.configured = rtc.iceServers();
        this.turnUrls = rtc.turn().urls();
        this.credentials = rtc.turn().enabled() ? new TurnCredentials(rtc.turn(), clock) : null;
    }

    /** For {@code user} (the TURN user name's second half, so coturn's logs name who relayed). */
    public List<Map<String, Object>> forUser(String user) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (IceServer s : configured) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("urls", s.urls());
            if (!s.username().isEmpty()) {
                m.put("username", s.username());
                m.put("credential", s.credential());
            }
            out.add(m);
        }
        if (credentials != null) {
            TurnCredentials.Credential c = credentials.issue(user);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("urls", turnUrls);
            m.put("username", c.username());
            m.put("credential", c.password());
            out.add(m);
        }
        return out;
    }
}
