package io.prochat.rtc.jitsi.xmpp;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.impl.JidCreate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the service account logged in: connects in the background, reconnects with back-off after a
 * failure or a drop, and pings the server so a silent outage is noticed. Smack's own reconnection is off:
 * it only retries connections that once logged in, and start-up must retry too. Everything runs on one
 * daemon thread; {@link #current()} may be called from any thread.
 */
final class Connector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final XmppSettings settings;
    private final Backoff backoff;
    private final Duration pingInterval;
    private final Consumer<XMPPTCPConnection> onLogin;
    private final ScheduledExecutorService thread;
    private final String resource = "prochat-rtc-" + UUID.randomUUID().toString().substring(0, 8);

    private volatile XMPPTCPConnection connection;
    private volatile XmppHealth.State state = XmppHealth.State.CONNECTING;
    private volatile Instant since = Instant.now();
    private volatile String lastError;
    private volatile Boolean lobby;
    private String lastLogged;
    private int failures;

    Connector(XmppSettings settings, Backoff backoff, Duration pingInterval, Consumer<XMPPTCPConnection> onLogin) {
        this.settings = settings;
        this.backoff = backoff;
        this.pingInterval = pingInterval;
        this.onLogin = onLogin;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jitsi-xmpp");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        thread.execute(this::attempt);
        thread.scheduleWithFixedDelay(this::ping, pingInterval.toMillis(), pingInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The logged-in connection, or null. */
    XMPPTCPConnection current() {
        XMPPTCPConnection c = connection;
        return c != null && c.isAuthenticated() ? c : null;
    }

    /** Runs work on the connector's thread (e.g. kicks decided in a Smack listener). */
    void execute(Runnable work) {
        if (!thread.isShutdown()) {
            thread.execute(work);
        }
    }

    XmppHealth.State state() {
        return state;
    }

    Instant since() {
        return since;
    }

    String lastError() {
        return lastError;
    }

    Boolean lobby() {
        return lobby;
    }

    String resource() {
        return resource;
    }

    private void attempt() {
        if (state == XmppHealth.State.CLOSED) {
            return;
        }
        XMPPTCPConnection c = null;
        try {
            c = new XMPPTCPConnection(configuration());
            c.setReplyTimeout(settings.replyTimeout().toMillis());
            ReconnectionManager.getInstanceFor(c).disableAutomaticReconnection();
            PingManager.getInstanceFor(c).setPingInterval(-1); // we ping ourselves, on our thread
            c.addConnectionListener(new DropListener(c));
            c.connect();
            c.login();
            lobby = lobbySupport(c);
            connection = c;
            failures = 0;
            lastError = null;
            lastLogged = null;
            enter(XmppHealth.State.CONNECTED);
            LOG.info("XMPP connected to {}:{} as {} (MUC {}, lobby {})", settings.host(), settings.port(),
                    settings.accountJid(), settings.mucDomain(), lobby == null ? "unknown" : lobby ? "available" : "not available");
            onLogin.accept(c);
        } catch (Exception e) {
            if (c != null) {
                c.instantShutdown();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            failed(XmppErrors.describe(e));
        }
    }

    private XMPPTCPConnectionConfiguration configuration() throws Exception {
        String jid = settings.accountJid();
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(settings.loginDomain())
                .setHostAddress(InetAddress.getByName(settings.host())) // no DNS SRV: the configured host is the server
                .setPort(settings.port())
                .setUsernameAndPassword(jid.substring(0, jid.indexOf('@')), settings.password())
                .setResource(resource)
                .setSecurityMode(switch (settings.tls()) {
                    case REQUIRED -> SecurityMode.required;
                    case OPTIONAL -> SecurityMode.ifpossible;
                    case DISABLED -> SecurityMode.disabled;
                })
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setSendPresence(false) // a service account, not a chat user
                .build();
    }

    /** Jitsi's lobby module announces itself on the main domain as identity component/lobbyrooms. */
    private Boolean lobbySupport(XMPPConnection c) {
        try {
            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(JidCreate.domainBareFrom(settings.domain()));
            return info.hasIdentity("component", "lobbyrooms");
        } catch (Exception e) {
            LOG.debug("disco#info of {} failed: {}", settings.domain(), XmppErrors.describe(e));
            return null;
        }
    }

    private void ping() {
        XMPPTCPConnection c = current();
        if (c == null) {
            return;
        }
        String problem;
        try {
            problem = PingManager.getInstanceFor(c).pingMyServer(false, settings.replyTimeout().toMillis())
                    ? null : "no answer to ping";
        } catch (Exception e) {
            problem = "ping failed: " + XmppErrors.describe(e);
        }
        if (problem != null) {
            lost(c, problem);
            c.instantShutdown();
        }
    }

    /** Called on our thread when the live connection went away. */
    private void lost(XMPPTCPConnection c, String why) {
        if (c != connection || state == XmppHealth.State.CLOSED) {
            return;
        }
        connection = null;
        failed("connection lost: " + why);
    }

    private void failed(String why) {
        lastError = why;
        enter(XmppHealth.State.DISCONNECTED);
        Duration delay = backoff.delay(failures++);
        // One line per distinct problem: a down Prosody must not flood the log every few seconds.
        if (!why.equals(lastLogged)) {
            String hint = why.startsWith(XmppErrors.LOGIN_REFUSED)
                    ? " (check [Jitsi] XMPPUser/XMPPPassword, and that the account is registered with prosodyctl)" : "";
            LOG.warn("XMPP {}:{} as {}: {}{}; retrying with back-off (next in {} ms)", settings.host(), settings.port(),
                    settings.accountJid(), why, hint, delay.toMillis());
            lastLogged = why;
        } else {
            LOG.debug("XMPP still failing: {}; next attempt in {} ms", why, delay.toMillis());
        }
        if (!thread.isShutdown()) {
            thread.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void enter(XmppHealth.State s) {
        synchronized (this) {
            if (state != s) {
                since = Instant.now();
            }
            state = s;
            notifyAll();
        }
    }

    /** Waits until logged in; false on timeout. */
    synchronized boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != XmppHealth.State.CONNECTED) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || state == XmppHealth.State.CLOSED) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public void close() {
        enter(XmppHealth.State.CLOSED);
        thread.shutdownNow();
        XMPPTCPConnection c = connection;
        connection = null;
        if (c != null) {
            c.disconnect();
        }
    }

    /** Hands a drop over to our thread; Smack calls it on its own threads. */
    private final class DropListener implements ConnectionListener {
        private final XMPPTCPConnection c;

        DropListener(XMPPTCPConnection c) {
            this.c = c;
        }

        @Override
        public void connectionClosed() {
            execute(() -> lost(c, "closed by the server"));
        }

        @Override
        public void connectionClosedOnError(Exception e) {
            String why = XmppErrors.describe(e);
            execute(() -> lost(c, why));
        }
    }
}
