package io.prochat.rtc.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.gateway.api.ApiKeys;
import io.prochat.rtc.gateway.api.CallsApi;
import io.prochat.rtc.gateway.api.HttpServer;
import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.api.JsonBodies;
import io.prochat.rtc.gateway.api.OpsApi;
import io.prochat.rtc.gateway.backend.JitsiBackend;
import io.prochat.rtc.gateway.backend.SfuBackend;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.JitsiConfig;
import io.prochat.rtc.gateway.media.SfuSettings;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.javalin.config.RoutesConfig;
import io.prochat.rtc.gateway.web.EchoRoutes;
import io.prochat.rtc.gateway.web.HuddleEnder;
import io.prochat.rtc.gateway.web.HuddleRoutes;
import io.prochat.rtc.gateway.web.JoinTokens;
import io.prochat.rtc.sfu.room.Rooms;
import io.prochat.rtc.gateway.routing.Router;
import io.prochat.rtc.gateway.store.ApiKeyStore;
import io.prochat.rtc.gateway.store.CallStore;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.jitsi.JitsiLinks;
import io.prochat.rtc.jitsi.JitsiSettings;
import io.prochat.rtc.jitsi.naming.NamingScheme;
import io.prochat.rtc.jitsi.naming.RoomNamer;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.echo.EchoRoom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The running gateway, wired by hand in one place: config → store → backends → routing → HTTP. */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Echo test sessions at once: enough to try a few browsers, too few to load the server. */
    static final int ECHO_SESSIONS = 4;

    private final Database db;
    private final GatewayMetrics metrics;
    private final HttpServer http;
    private final MattermostWiring mattermost;
    private final Sfu sfu;
    private final EchoRoom echo;
    private final Rooms rooms;
    private final HuddleEnder ender;

    private Gateway(Database db, GatewayMetrics metrics, HttpServer http, MattermostWiring mattermost, Sfu sfu,
                    EchoRoom echo, Rooms rooms, HuddleEnder ender) {
        this.db = db;
        this.metrics = metrics;
        this.http = http;
        this.mattermost = mattermost;
        this.sfu = sfu;
        this.echo = echo;
        this.rooms = rooms;
        this.ender = ender;
    }

    /**
     * Starts the gateway. When neither the config nor the store holds an API key, one is generated,
     * its hash stored, and the key itself written once to {@code console} (never to the log).
     */
    public static Gateway start(GatewayConfig config, Clock clock, PrintStream console) {
        return start(config, clock, console, true);
    }

    /**
     * @param huddleRooms false runs the SFU transport (the echo page) without rooms: the SFU backend reports itself
     *     down and huddles fall back to Jitsi. Tests of that fallback use it.
     */
    public static Gateway start(GatewayConfig config, Clock clock, PrintStream console, boolean huddleRooms) {
        Database db = Database.open(config.store().jdbcUrl());
        Sfu media = null;
        Rooms rooms = null;
        HuddleEnder ender = new HuddleEnder();
        try {
            media = startSfu(config);
            rooms = huddleRooms ? new Rooms(media, Rooms.Config.defaults()
                    .withMaxParticipants(config.rtc().maxCallParticipants()), ender) : null;
            JoinTokens joinTokens = JoinTokens.withRandomKey(clock);
            ObjectMapper json = Json.mapper();
            GatewayMetrics metrics = new GatewayMetrics();
            CallStore callStore = new CallStore(db, json);
            ApiKeys keys = apiKeys(config, new ApiKeyStore(db), clock, console);

            JitsiSettings jitsiSettings = jitsiSettings(config.jitsi());
            JitsiBackend jitsi = new JitsiBackend(jitsiSettings, new JitsiLinks(jitsiSettings, clock),
                    new RoomNamer(new SecureRandom()), NamingScheme.parse(config.jitsi().namingScheme()));
            SfuBackend sfu = new SfuBackend(rooms, joinTokens, config.gateway().effectivePublicUrl(config.http()),
                    config.rtc().maxCallParticipants(), Map.of("udpPort", media.udpPort(), "tcpPort", media.tcpPort()));

            CallService calls = new CallService(List.of(sfu, jitsi),
                    health -> new Router(config.gateway().mode(), config.gateway().huddleMaxParticipants(),
                            config.rtc().maxCallParticipants(), health),
                    callStore, metrics, clock);
            ender.bind(calls);
            metrics.activeCallsGauge(calls::activeCalls);
            metrics.bindSfu(media.metrics(), media::transportCount);
            EchoRoom echo = new EchoRoom(media);

            JsonBodies bodies = new JsonBodies(json, config.http().maxRequestBodyBytes());
            MattermostWiring mattermost = new MattermostWiring(config, db, calls, bodies, metrics, clock);
            HttpServer http = new HttpServer(config.http().serverAddress(), config.http().serverPort(),
                    config.http().maxRequestBodyBytes(), json, keys, metrics,
                    new CallsApi(calls, bodies, config.gateway().mode(), clock),
                    new OpsApi(BuildInfo.load(), calls, metrics, clock), routes(mattermost, echo, rooms, joinTokens, calls, json));
            try {
                http.start();
            } catch (RuntimeException e) {
                mattermost.close();
                throw e;
            }
            log.info("ProChat RTC gateway listening on {}:{} (Mode = {}, store {}); media on UDP {} and TCP {}",
                    config.http().serverAddress(), http.port(), config.gateway().mode().configName(),
                    config.store().dataSource(), media.udpPort(), media.tcpPort());
            return new Gateway(db, metrics, http, mattermost, media, echo, rooms, ender);
        } catch (RuntimeException e) {
            ender.close();
            if (rooms != null) {
                rooms.close();
            }
            if (media != null) {
                media.close();
            }
            db.close();
            throw e;
        }
    }

    private static List<Consumer<RoutesConfig>> routes(MattermostWiring mattermost, EchoRoom echo, Rooms rooms,
                                                       JoinTokens tokens, CallService calls, ObjectMapper json) {
        List<Consumer<RoutesConfig>> all = new ArrayList<>();
        all.add(mattermost::register);
        all.add(new EchoRoutes(echo, ECHO_SESSIONS)::register);
        if (rooms != null) {
            all.add(new HuddleRoutes(rooms, tokens, calls, json)::register);
        }
        return all;
    }

    private static Sfu startSfu(GatewayConfig config) {
        try {
            return Sfu.start(SfuSettings.of(config.http(), config.rtc()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the media ports ([RTC] ICEPortUDP " + config.rtc().icePortUdp()
                    + ", ICEPortTCP " + config.rtc().icePortTcp() + "): " + e.getMessage(), e);
        }
    }

    public static JitsiSettings jitsiSettings(JitsiConfig c) {
        return new JitsiSettings(URI.create(c.url()), c.appId(), c.appSecret(), c.audience(), c.subject(),
                c.tenant(), Duration.ofMinutes(c.linkValidityMinutes()));
    }

    private static ApiKeys apiKeys(GatewayConfig config, ApiKeyStore store, Clock clock, PrintStream console) {
        ApiKeys keys = new ApiKeys();
        config.gateway().apiKeys().forEach(keys::addKey);
        store.hashes().forEach(keys::addHash);
        if (keys.isEmpty()) {
            String key = ApiKeys.generate();
            store.add(ApiKeys.hashHex(key), "generated on first start", clock.instant());
            keys.addKey(key);
            console.println();
            console.println("  No API key was configured, so one was generated. It is shown only this once:");
            console.println();
            console.println("      " + key);
            console.println();
            console.println("  Use it as: Authorization: Bearer <key>. Only its hash is stored; to use your own keys,");
            console.println("  set [Gateway] APIKeys (or PROCHAT_GATEWAY_APIKEYS).");
            console.println();
            console.flush();
            log.info("generated the first API key (shown once on the console, stored hashed)");
        }
        return keys;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        mattermost.close(); // after HTTP: no new work; lets pending card rewrites finish
        echo.close();
        if (rooms != null) {
            rooms.close();
        }
        ender.close();
        sfu.close();
        metrics.close();
        db.close();
    }
}
