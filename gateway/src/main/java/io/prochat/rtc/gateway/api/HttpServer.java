package io.prochat.rtc.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.prochat.rtc.gateway.calls.CallEndedException;
import io.prochat.rtc.gateway.calls.CallNotFoundException;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.routing.RoutingException;
import io.prochat.rtc.gateway.store.StoreException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * The HTTP server: Javalin with our JSON mapper, Bearer auth on /api/*, and one mapping from every
 * failure to the {"error","message","field"} body. Unexpected failures answer 500 without a stack trace.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** Anonymous requests at once per client address and in all (see AnonymousLimits); the pool has 200+ threads. */
    static final int ANONYMOUS_PER_ADDRESS = 16;
    static final int ANONYMOUS_TOTAL = 64;
    /** How long an anonymous request's connection may stay silent, e.g. between two body bytes. */
    static final long ANONYMOUS_IDLE_MILLIS = 3000;
    /** Connections waiting to be accepted. */
    static final int ACCEPT_QUEUE = 1024;

    private final Javalin app;
    private final AnonymousLimits limits = new AnonymousLimits(ANONYMOUS_PER_ADDRESS, ANONYMOUS_TOTAL, ANONYMOUS_IDLE_MILLIS);

    public HttpServer(String host, int port, int maxBodyBytes, ObjectMapper json, ApiKeys keys,
                      GatewayMetrics metrics, CallsApi callsApi, OpsApi opsApi) {
        this(host, port, maxBodyBytes, json, keys, metrics, callsApi, opsApi, List.of());
    }

    /** @param moreRoutes routes outside /api/* (such as Mattermost's commands and buttons), which check their own credentials */
    public HttpServer(String host, int port, int maxBodyBytes, ObjectMapper json, ApiKeys keys,
                      GatewayMetrics metrics, CallsApi callsApi, OpsApi opsApi, List<Consumer<RoutesConfig>> moreRoutes) {
        this(host, port, maxBodyBytes, json, keys, metrics, callsApi, opsApi, moreRoutes, null);
    }

    /** @param tls the certificate and key to serve HTTPS with ({@link TlsKeys}); null = plain HTTP */
    public HttpServer(String host, int port, int maxBodyBytes, ObjectMapper json, ApiKeys keys,
                      GatewayMetrics metrics, CallsApi callsApi, OpsApi opsApi, List<Consumer<RoutesConfig>> moreRoutes,
                      java.security.KeyStore tls) {
        this.app = Javalin.create(config -> {
            if (tls != null) {
                // the only connector: no plain-HTTP port beside the HTTPS one
                config.jetty.addConnector((server, http) -> {
                    org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl =
                            new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
                    ssl.setKeyStore(tls);
                    ssl.setKeyStorePassword(new String(TlsKeys.PASSWORD));
                    ssl.setIncludeProtocols("TLSv1.2", "TLSv1.3");
                    org.eclipse.jetty.server.SecureRequestCustomizer secure =
                            new org.eclipse.jetty.server.SecureRequestCustomizer();
                    secure.setSniHostCheck(false); // one certificate, reached by IP or name
                    http.addCustomizer(secure);
                    ServerConnector c = new ServerConnector(server, ssl,
                            new org.eclipse.jetty.server.HttpConnectionFactory(http));
                    c.setHost(host);
                    c.setPort(port);
                    return c;
                });
            }
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = maxBodyBytes;
            config.jetty.modifyServer(server -> {
                // Javalin nests its servlet context inside the innermost wrapper it finds here
                limits.setHandler(server.getHandler());
                server.setHandler(limits);
                // A burst of connections must queue in the kernel, not be dropped: Java's default backlog is 50,
                // and a dropped SYN costs the client a 1 s retransmission. Connectors exist once the server starts.
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle event) {
                        for (Connector c : server.getConnectors()) {
                            if (c instanceof ServerConnector sc) {
                                sc.setAcceptQueueSize(ACCEPT_QUEUE);
                            }
                        }
                    }
                });
            });
            // huddle SDP grows with the room: about 4 m-lines of ~0.5 kB per participant (100 people: ~200 kB)
            config.jetty.modifyWebSocketServletFactory(f -> f.setMaxTextMessageSize(1 << 20));
            config.jsonMapper(new JavalinJackson(json, false));
            // Jetty's own 400/414/431 pages (before Javalin sees the request) in our JSON shape too
            JettyErrors jettyErrors = new JettyErrors(json);
            config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
            config.routes.before("/api/*", ctx -> requireApiKey(ctx, keys));
            if (callsApi != null) { // null on an SFU node: it serves no calls API
                callsApi.register(config.routes);
            }
            opsApi.register(config.routes);
            moreRoutes.forEach(r -> r.accept(config.routes));
            config.routes.exception(ApiException.class, (e, ctx) -> fail(ctx, metrics, e.status(), e.code(), e.getMessage(), e.field()));
            config.routes.exception(CallNotFoundException.class, (e, ctx) -> fail(ctx, metrics, 404, "not_found", e.getMessage(), null));
            config.routes.exception(io.prochat.rtc.gateway.calls.DrainingException.class, (e, ctx) -> {
                ctx.header("Retry-After", "60");
                fail(ctx, metrics, 503, "draining", e.getMessage(), null);
            });
            config.routes.exception(CallEndedException.class, (e, ctx) -> fail(ctx, metrics, 409, "call_ended", e.getMessage(), null));
            config.routes.exception(RoutingException.class, (e, ctx) -> fail(ctx, metrics,
                    e.unavailable() ? 503 : 422, e.unavailable() ? "no_backend" : "not_possible", e.getMessage(), null));
            config.routes.exception(StoreException.class, (e, ctx) -> {
                log.error("store failure on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                fail(ctx, metrics, 503, "store_unavailable", "the call store is not available", null);
            });
            // Javalin's own refusals (e.g. a form over the size limit) answer in our JSON shape too
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                switch (e.getStatus()) {
                    case 404 -> fail(ctx, metrics, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path(), null);
                    case 405 -> fail(ctx, metrics, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null);
                    case 413 -> fail(ctx, metrics, 413, "payload_too_large", e.getMessage(), null);
                    default -> fail(ctx, metrics, e.getStatus(), e.getStatus() < 500 ? "bad_request" : "internal_error",
                            e.getMessage(), null);
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
                fail(ctx, metrics, 500, "internal_error", "unexpected server error; see the gateway log", null);
            });
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    fail(ctx, metrics, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path(), null);
                }
            });
            config.routes.error(405, ctx -> fail(ctx, metrics, 405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path(), null));
        });
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    public AnonymousLimits anonymousLimits() {
        return limits;
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void requireApiKey(Context ctx, ApiKeys keys) {
        if (!keys.accepts(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"prochat-rtc\"");
            throw new ApiException(401, "unauthorized", "a valid API key is required: Authorization: Bearer <key>", null);
        }
    }

    private static void fail(Context ctx, GatewayMetrics metrics, int status, String code, String message, String field) {
        metrics.apiError(status, code);
        ctx.status(status).json(new ApiError(code, message, field));
    }
}
