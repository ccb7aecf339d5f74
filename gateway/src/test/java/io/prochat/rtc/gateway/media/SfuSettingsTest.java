package io.prochat.rtc.gateway.media;

import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.config.RtcConfig;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SfuSettingsTest {
    private static final RtcConfig RTC = RtcConfig.defaults();

    @Test
    void onLoopbackTheMediaBindsLoopbackAndAcceptsOnlyLoopbackPeers() {
        IceConfig ice = SfuSettings.of(new HttpConfig("127.0.0.1", 8443, false, 65536), RTC).ice();

        assertThat(ice.addresses()).containsExactly(InetAddress.getLoopbackAddress());
        assertThat(ice.loopbackPeersOnly()).isTrue();
        assertThat(ice.udpPort()).isEqualTo(8045);
        assertThat(ice.tcpPort()).isEqualTo(8045);
        assertThat(ice.hostOverride()).isNull();
    }

    @Test
    void mediaWorkersAndSocketBuffersReachTheSfu() {
        HttpConfig http = new HttpConfig("127.0.0.1", 8443, false, 65536);

        Sfu.Config set = SfuSettings.of(http, RTC.withMedia(3, 1048576));
        Sfu.Config dflt = SfuSettings.of(http, RTC);

        assertThat(set.mediaWorkers()).isEqualTo(3);
        assertThat(set.effectiveMediaWorkers()).isEqualTo(3);
        assertThat(set.udpSocketBufferBytes()).isEqualTo(1048576);
        assertThat(dflt.effectiveMediaWorkers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(dflt.udpSocketBufferBytes()).as("the config's default is the SFU's own")
                .isEqualTo(Sfu.Config.DEFAULT_UDP_SOCKET_BUFFER);
    }

    @Test
    void onTheWildcardTheMediaBindsEveryNonLoopbackIpv4Address() {
        List<InetAddress> addresses = SfuSettings.bindAddresses("0.0.0.0");

        assertThat(addresses).isNotEmpty().allSatisfy(a -> assertThat(a.getAddress()).hasSize(4));
        assertThat(addresses.stream().anyMatch(InetAddress::isLoopbackAddress))
                .as("loopback only when the machine has no other interface").isEqualTo(addresses.size() == 1
                        && addresses.get(0).isLoopbackAddress());
    }

    @Test
    void aHostnameOverrideIsResolvedOnceAndAnUnknownOneIsRefused() {
        assertThat(SfuSettings.overrideAddress("localhost")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(SfuSettings.overrideAddress("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThatThrownBy(() -> SfuSettings.overrideAddress("no-such-host.invalid"))
                .hasMessageContaining("ICEHostOverride");
    }
}
