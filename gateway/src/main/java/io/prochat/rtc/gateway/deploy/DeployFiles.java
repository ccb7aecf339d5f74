package io.prochat.rtc.gateway.deploy;

import io.prochat.rtc.gateway.config.EnvVariables;
import io.prochat.rtc.gateway.config.GatewayConfig;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The files of the deployment guide's steps, written for one configuration: a hardened systemd unit (Step 2), the
 * nginx TLS front (Step 4), the firewall rules (Step 2, "Configure Firewall") and an environment file for secrets.
 */
public final class DeployFiles {
    /**
     * The product's JVM flags (README, "JVM settings"): no AWS metadata probe by ice4j (it blocks start-up
     * outside AWS); G1 named, since on one CPU or under 1792 MB the JVM would pick the stop-the-world Serial collector
     * (measured: {@code taskset -c 0 java -XX:+PrintFlagsFinal} says UseSerialGC); short pauses, as media is sent from
     * the same heap; a fixed 1 GiB heap (500 participants, the default server limit, at the measured 1.1-1.7 MB each
     * above an idle ~205 MB) instead of a quarter of the machine's memory, and no resizing; exit on OOM so systemd
     * restarts a clean process. {@code PROCHAT_JAVA_OPTS} comes after and wins (another -Xmx, say).
     */
    public static final String JVM_FLAGS = "-Dice4j.harvest.mapping.aws.enabled=false -XX:+UseG1GC"
            + " -XX:MaxGCPauseMillis=20 -Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError";

    /**
     * Where things go on the RTC server.
     *
     * @param jar        the shaded jar
     * @param configFile the TOML file the unit passes to {@code serve}
     * @param envFile    the environment file the unit reads (secrets)
     * @param user       the system user the gateway runs as
     * @param serverName the name clients reach (nginx server_name, certificate)
     * @param listenPort the TLS port nginx listens on (the guide's API port)
     * @param cert       TLS certificate chain for nginx
     * @param key        its private key
     */
    public record Layout(Path jar, Path configFile, Path envFile, String user, String serverName, int listenPort,
                         Path cert, Path key) {
    }

    private final GatewayConfig cfg;
    private final Layout at;

    public DeployFiles(GatewayConfig cfg, Layout at) {
        this.cfg = cfg;
        this.at = at;
    }

    /** The working directory: relative store and log paths are relative to it (and systemd creates it). */
    static final String STATE_DIR = "/var/lib/prochat-rtc";

    public String systemd() {
        // directories outside the state directory must exist before the start (systemd cannot set up the
        // namespace otherwise, and the gateway could not create them on a read-only system)
        Set<String> outside = new LinkedHashSet<>();
        storeDirectory().ifPresent(outside::add);
        if (cfg.logger().enableFile()) {
            outside.add(absolute(Path.of(cfg.logger().fileLocation())).getParent().toString());
        }
        outside.removeIf(d -> Path.of(d).startsWith(STATE_DIR));
        Set<String> writable = new LinkedHashSet<>();
        writable.add(STATE_DIR);
        writable.addAll(outside);
        boolean lowPort = cfg.http().serverPort() < 1024 || cfg.rtc().icePortUdp() < 1024 || cfg.rtc().icePortTcp() < 1024;
        StringBuilder b = new StringBuilder();
        b.append("""
                # /etc/systemd/system/prochat-rtc.service, written by `prochat-rtc print systemd`.
                # Create the user first: useradd --system --home %1$s --shell /usr/sbin/nologin %2$s
                %9$s                [Unit]
                Description=ProChat RTC gateway (huddles on the built-in SFU, meetings on Jitsi)
                Documentation=file://%3$s
                After=network-online.target
                Wants=network-online.target

                [Service]
                Type=simple
                User=%2$s
                Group=%2$s
                EnvironmentFile=-%4$s
                WorkingDirectory=%1$s
                StateDirectory=prochat-rtc
                ExecStart=/usr/bin/java %5$s $PROCHAT_JAVA_OPTS -jar %6$s serve --config %3$s
                # No ExecReload: the gateway reads its configuration at start; restart it to apply changes.
                Restart=on-failure
                RestartSec=5
                # Exit status 2 is a configuration error: restarting would not help, the journal says which key.
                RestartPreventExitStatus=2
                # SIGTERM drains: huddles go on for [Gateway] DrainTimeoutSeconds, then end, and the gateway exits 0.
                # A second SIGTERM (or this timeout) stops it at once, with 143.
                TimeoutStopSec=%8$d
                SuccessExitStatus=143
                LimitNOFILE=65536

                # Hardening: the gateway needs the network, its store and its log, nothing else.
                NoNewPrivileges=true
                ProtectSystem=strict
                ReadWritePaths=%7$s
                ProtectHome=true
                PrivateTmp=true
                PrivateDevices=true
                ProtectKernelTunables=true
                ProtectKernelModules=true
                ProtectKernelLogs=true
                ProtectControlGroups=true
                ProtectClock=true
                ProtectHostname=true
                RestrictNamespaces=true
                RestrictRealtime=true
                RestrictSUIDSGID=true
                LockPersonality=true
                # AF_NETLINK: the JVM and ice4j list network interfaces to gather ICE candidates.
                RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK
                SystemCallArchitectures=native
                UMask=0027
                # No MemoryDenyWriteExecute: the JVM's JIT compiler writes executable code.
                """.formatted(STATE_DIR, at.user(), at.configFile(), at.envFile(), JVM_FLAGS, at.jar(),
                String.join(" ", writable), cfg.gateway().drainTimeoutSeconds() + 30,
                outside.isEmpty() ? "" : "# and its directories: install -d -o " + at.user() + " -g " + at.user() + " "
                        + String.join(" ", outside) + "\n"));
        if (lowPort) {
            b.append("# A port below 1024 is configured: allow binding it, and nothing else.\n")
                    .append("AmbientCapabilities=CAP_NET_BIND_SERVICE\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n");
        } else {
            b.append("CapabilityBoundingSet=\n");
        }
        b.append("\n[Install]\nWantedBy=multi-user.target\n");
        return b.toString();
    }

    /** Step 4: nginx terminates TLS on the public port and proxies the API, the huddle and rtcd WebSockets. */
    public String nginx() {
        // the gateway's own TLS ([HTTP] TLSCertFile) stays on behind nginx: proxy to it over https then
        String upstream = (cfg.http().tls() ? "https://" : "http://") + upstreamHost() + ":" + cfg.http().serverPort();
        if (at.listenPort() == cfg.http().serverPort()) {
            throw new IllegalArgumentException("[HTTP] ServerPort = " + cfg.http().serverPort()
                    + " is also the port nginx would listen on: put the gateway on another port (the guide's"
                    + " Option B: ServerPort = 8444) or pass --listen-port");
        }
        String publicUrl = "https://" + at.serverName() + (at.listenPort() == 443 ? "" : ":" + at.listenPort());
        StringBuilder b = new StringBuilder();
        b.append("# /etc/nginx/sites-available/prochat-rtc, written by `prochat-rtc print nginx`.\n");
        if (!cfg.gateway().publicUrl().equals(publicUrl)) {
            b.append("# Set [Gateway] PublicURL = \"").append(publicUrl)
                    .append("\" so that join links point here (it is \"").append(cfg.gateway().publicUrl())
                    .append("\" now).\n");
        }
        if (!isLoopback(cfg.http().serverAddress())) {
            b.append("# [HTTP] ServerAddress is ").append(cfg.http().serverAddress())
                    .append(": with nginx in front, \"127.0.0.1\" keeps the plain-HTTP port off the network.\n");
        }
        b.append("""
                # Sent on WebSocket requests only, so ordinary requests keep their keep-alive connection.
                map $http_upgrade $prochat_connection {
                    default upgrade;
                    ''      close;
                }

                server {
                    # No http2: browsers open WebSockets over HTTP/1.1, which nginx proxies.
                    listen %1$d ssl;
                    listen [::]:%1$d ssl;
                    server_name %2$s;

                    ssl_certificate %3$s;
                    ssl_certificate_key %4$s;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    ssl_ciphers HIGH:!aNULL:!MD5;
                    ssl_session_cache shared:prochat_rtc:10m;

                    # The gateway refuses larger bodies itself ([HTTP] MaxRequestBodyBytes); stop them here first.
                    client_max_body_size %5$d;

                    # Huddle signalling: one WebSocket per participant for the whole call.
                    location ~ ^/huddle/[^/]+/ws$ {
                        proxy_pass %6$s;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $prochat_connection;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_read_timeout 1d;
                        proxy_send_timeout 1d;
                    }

                    # rtcd's WebSocket for the Calls plugin.
                    location = /ws {
                        proxy_pass %6$s;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $prochat_connection;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_read_timeout 1d;
                        proxy_send_timeout 1d;
                    }

                    # The API, the join pages, /version, /stats, /healthz.
                    location / {
                        proxy_pass %6$s;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                    }

                    # Metrics stay on the RTC server: scrape %6$s/metrics locally.
                    location = /metrics {
                        return 404;
                    }
                }
                """.formatted(at.listenPort(), at.serverName(), at.cert(), at.key(),
                cfg.http().maxRequestBodyBytes(), upstream));
        return b.toString();
    }

    /** Step 2's firewall: the TLS API port and the media ports; the gateway's own HTTP port stays closed. */
    public String ufw() {
        int media = cfg.rtc().icePortUdp();
        int mediaTcp = cfg.rtc().icePortTcp();
        StringBuilder b = new StringBuilder();
        b.append("# Firewall rules for ProChat RTC, written by `prochat-rtc print ufw`. Run as root.\n");
        b.append("ufw allow ").append(at.listenPort()).append("/tcp comment 'prochat-rtc API (nginx TLS)'\n");
        b.append("ufw allow ").append(media).append("/udp comment 'prochat-rtc media (UDP)'\n");
        b.append("ufw allow ").append(mediaTcp).append("/tcp comment 'prochat-rtc media (TCP fallback)'\n");
        if (!isLoopback(cfg.http().serverAddress())) {
            b.append("# The gateway's plain-HTTP port is reachable from the network ([HTTP] ServerAddress = ")
                    .append(cfg.http().serverAddress()).append("); nginx is its front door:\n")
                    .append("ufw deny ").append(cfg.http().serverPort()).append("/tcp comment 'prochat-rtc plain HTTP'\n");
        }
        b.append("ufw status verbose\n");
        return b.toString();
    }

    /** The environment file: secrets kept out of the config file (mode 0640, root:prochat-rtc). */
    public String env() {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(at.envFile()).append(", written by `prochat-rtc print env`; read by the systemd unit.\n")
                .append("# chown root:").append(at.user()).append(' ').append(at.envFile()).append(" && chmod 0640 ")
                .append(at.envFile()).append('\n')
                .append("# Every key of the config file can be set here as PROCHAT_<SECTION>_<KEY>; a variable wins over\n")
                .append("# the file. Secrets belong here rather than in the file. Uncomment what you use.\n\n")
                .append("# Extra JVM options; they come after the unit's own (-Xms1g -Xmx1g, G1) and win, e.g. a bigger heap:\n"
                        + "#PROCHAT_JAVA_OPTS=-Xms2g -Xmx2g\n\n");
        for (EnvVariables.Variable v : EnvVariables.all()) {
            if (v.secret() && !v.name().endsWith("ICESERVERS")) {
                b.append("# ").append(v.label()).append('\n').append('#').append(v.name()).append("=\n");
            }
        }
        return b.toString();
    }

    private java.util.Optional<String> storeDirectory() {
        String ds = cfg.store().dataSource();
        String file = null;
        if (ds.startsWith("jdbc:h2:file:")) {
            file = ds.substring("jdbc:h2:file:".length()).split(";")[0];
        } else if (!ds.startsWith("jdbc:") && !ds.contains("://")) {
            file = ds;
        }
        if (file == null) {
            return java.util.Optional.empty(); // PostgreSQL, or an in-memory H2: nothing to write locally
        }
        return java.util.Optional.ofNullable(absolute(Path.of(file)).getParent()).map(Path::toString);
    }

    private static Path absolute(Path p) {
        return (p.isAbsolute() ? p : Path.of(STATE_DIR).resolve(p)).normalize();
    }

    private String upstreamHost() {
        String a = cfg.http().serverAddress();
        if (a.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (a.equals("::") || a.equals("[::]")) {
            return "[::1]";
        }
        return a.contains(":") && !a.startsWith("[") ? "[" + a + "]" : a;
    }

    private static boolean isLoopback(String address) {
        return address.equals("localhost") || address.startsWith("127.") || address.equals("::1")
                || address.equals("[::1]");
    }

    /** The host of a URL, or {@code fallback}. */
    public static String hostOf(String url, String fallback) {
        try {
            String h = URI.create(url).getHost();
            return h == null || h.isBlank() ? fallback : h;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
