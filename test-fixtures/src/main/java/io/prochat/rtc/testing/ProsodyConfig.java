package io.prochat.rtc.testing;

import java.nio.file.Path;

/**
 * The Jitsi-like {@code prosody.cfg.lua} that {@link ProsodyServer} writes (layout as in Jitsi's Debian
 * example and docker-jitsi-meet, reduced to what room control needs). Loopback only; no TLS, s2s or HTTP.
 */
final class ProsodyConfig {
    private ProsodyConfig() {
    }

    static String text(Path dir, int c2sPort, int componentPort, String serviceJid) {
        return """
                -- Written by ProChat RTC's ProsodyServer for an interop test; deleted with its folder.
                pidfile = "%1$s/prosody.pid"
                data_path = "%1$s/data"
                interfaces = { "127.0.0.1" }
                local_interfaces = { "127.0.0.1" }
                c2s_ports = { %2$d }
                c2s_direct_tls_ports = { }
                component_ports = { %3$d }
                component_interfaces = { "127.0.0.1" }
                s2s_ports = { }
                modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "posix" }
                modules_disabled = { "s2s"; "tls"; "http"; "bosh"; "websocket" }
                -- Jitsi's main host also runs without c2s encryption; PLAIN lets the start-up probe log in.
                c2s_require_encryption = false
                allow_unencrypted_plain_auth = true
                log = { info = "%1$s/prosody.log"; error = "*console" }

                VirtualHost "%4$s"
                    authentication = "anonymous"

                VirtualHost "auth.%4$s"
                    authentication = "internal_hashed"

                Component "conference.%4$s" "muc"
                    -- The service account administers the meetings, as jicofo's focus account does.
                    admins = { "%5$s" }
                    restrict_room_creation = true
                    storage = "memory"
                    muc_room_locking = false
                    muc_room_default_public_jids = true

                Component "focus.%4$s"
                    component_secret = "focus-component-secret"
                """.formatted(dir, c2sPort, componentPort, ProsodyServer.DOMAIN, serviceJid);
    }
}
