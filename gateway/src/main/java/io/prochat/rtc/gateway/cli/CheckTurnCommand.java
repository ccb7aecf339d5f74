package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.TurnConfig;
import io.prochat.rtc.gateway.deploy.TurnProbe;
import io.prochat.rtc.gateway.web.TurnCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "check-turn", mixinStandardHelpOptions = true,
        description = {"Ask each [RTC] TURNURLs server for a relay with a credential signed by TURNStaticAuthSecret,"
                + " as a participant's browser would, and free it again.",
                "Exit status: 0 every server relays, 1 one refused or did not answer, 2 bad config or no TURN set."})
final class CheckTurnCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config")
    Path config;

    @Override
    public Integer call() throws IOException {
        GatewayConfig cfg = ConfigSource.load(config);
        TurnConfig turn = cfg.rtc().turn();
        if (!turn.enabled()) {
            throw new IllegalArgumentException("[RTC] TURNURLs is empty: no TURN server to check");
        }
        TurnCredentials.Credential credential = new TurnCredentials(turn, Clock.systemUTC()).issue("prochat-rtc-check");
        int status = 0;
        for (String url : turn.urls()) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (lower.startsWith("turns:") || lower.contains("transport=tcp")) {
                System.out.println(url + ": not checked (only TURN over UDP is probed)");
                continue;
            }
            InetSocketAddress server = hostPort(url);
            TurnProbe.Outcome o = TurnProbe.allocate(server, credential.username(), credential.password(),
                    Duration.ofSeconds(3));
            if (o.accepted()) {
                System.out.println(url + ": OK, the credentials were accepted"
                        + (o.relayed() == null ? "" : " and a relay opened on " + o.relayed().getAddress().getHostAddress()
                        + ":" + o.relayed().getPort()));
            } else if (o.refusedCredentials()) {
                status = 1;
                System.out.println(url + ": REFUSED (" + o.errorCode() + " " + o.reason().strip() + "): the TURN server"
                        + " does not accept our credentials. [RTC] TURNStaticAuthSecret must equal coturn's"
                        + " static-auth-secret (with use-auth-secret), and the clocks of both servers must agree.");
            } else if (o.errorCode() != 0) {
                status = 1;
                System.out.println(url + ": REFUSED (" + o.errorCode() + " " + o.reason().strip() + ")");
            } else {
                status = 1;
                System.out.println(url + ": NO ANSWER from " + server.getHostString() + ":" + server.getPort()
                        + "/udp (" + o.reason() + "): is the TURN server running, and the port open in its firewall?");
            }
        }
        return status;
    }

    /** turn:host[:port][?transport=udp] → host, port (3478 by default). */
    static InetSocketAddress hostPort(String url) {
        String rest = url.substring(url.indexOf(':') + 1);
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        String host = rest;
        int port = 3478;
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.indexOf(']') < colon) {
            host = rest.substring(0, colon);
            port = Integer.parseInt(rest.substring(colon + 1));
        }
        return new InetSocketAddress(host.replace("[", "").replace("]", ""), port);
    }
}
