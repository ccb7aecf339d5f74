package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.packaged.Features.Serving;
import io.prochat.rtc.testing.calls.CallsBrowser;
import io.prochat.rtc.testing.calls.CallsPluginStandIn;
import io.prochat.rtc.testing.calls.CallsPluginStandIn.JoinRequest;
import io.prochat.rtc.testing.calls.CallsPluginStandIn.Session;
import io.prochat.rtc.testing.calls.ClientOptions;
import io.prochat.rtc.testing.calls.PeerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as the Calls plugin's RTC server, configured the way an rtcd unit file does it (rtcd's own environment
 * name for self-registration): the plugin stand-in registers itself, and two real Calls clients (calls-common's
 * RTCPeer in Chromium) hear each other through the jar's SFU.
 */
class CallsPluginJarIT {
    @TempDir
    static Path dir;

    @Test
    void twoCallsClientsHearEachOtherThroughTheJar() throws Exception {
        assumeTrue(CallsBrowser.isAvailable(), "Chromium, chromedriver, node and npm are needed");
        try (Serving jar = Features.serve(dir.resolve("jar"), Map.of("RTCD_API_SECURITY_ALLOWSELFREGISTRATION", "true"));
             CallsPluginStandIn plugin = CallsPluginStandIn.connect(URI.create(jar.url()), "mattermost-jar-test",
                     "a-plugin-auth-key-of-32-characters-or-more", CallsPluginStandIn.Registration.IF_CONNECT_FAILS);
             CallsBrowser browser = CallsBrowser.start()) {
            JsonNode version = jar.api().get("/version").json();
            assertThat(version.get("buildVersion").asText()).matches("v1\\.[1-9].*");
            Session ann = plugin.join(browser.newClient("ann", ClientOptions.loopback()),
                    JoinRequest.of("call-in-the-jar-000000000", "ann-user", "ann-session", "channel-1"));
            Session bob = plugin.join(browser.newClient("bob", ClientOptions.loopback()),
                    JoinRequest.of("call-in-the-jar-000000000", "bob-user", "bob-session", "channel-1"));
            Duration wait = Duration.ofSeconds(40);
            for (Session s : List.of(ann, bob)) {
                s.page().awaitStats(PeerStats::connected, wait);
                s.page().unmute();
            }
            ann.page().awaitStats(st -> st.inbound("audio", "bob-session").map(i -> i.decodedSamples() > 48_000)
                    .orElse(false), wait);
            bob.page().awaitStats(st -> st.inbound("audio", "ann-session").map(i -> i.decodedSamples() > 48_000)
                    .orElse(false), wait);
        }
    }
}
