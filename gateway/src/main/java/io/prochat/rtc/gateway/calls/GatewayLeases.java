package io.prochat.rtc.gateway.calls;

import io.prochat.rtc.gateway.store.CallStore;
import io.prochat.rtc.gateway.store.LeaseStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * This gateway among others on one store (issue 15, item 3). Every {@link #RENEW} it renews two leases: its own
 * {@code gateway:<instance>} (it is alive, so the SFU rooms it holds exist) and, when free or expired, the shared
 * {@link #SWEEPER} (whoever holds it runs the periodic jobs that must not run twice: the idle-call sweep of calls no
 * live gateway holds, the room-teardown retries, the card catch-up). A killed gateway's leases expire after
 * {@link #TTL}, and another takes over. Outbox items are also claimed one by one, so two jobs overlapping for a
 * moment (a holder stalled past its expiry) still do each item once.
 *
 * <p>With one gateway (the embedded store) it always holds the sweeper lease: the same code path as several.
 */
public final class GatewayLeases implements SweepScope, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayLeases.class);
    public static final String SWEEPER = "sweeper";
    static final String GATEWAY_PREFIX = "gateway:";
    public static final Duration RENEW = Duration.ofSeconds(5);
    public static final Duration TTL = Duration.ofSeconds(20);

    private final LeaseStore leases;
    private final CallStore calls;
    private final Clock clock;
    private final String instance;
    private final ScheduledExecutorService thread; // null: renewed only when asked (tests)
    /**
     * Until when ({@link System#nanoTime}) this gateway holds the sweeper lease; null: it does not. Counted from the
     * renewal on the local monotonic clock, so a wall-clock jump here never stretches the lease past its row's expiry.
     */
    private volatile Long sweeperUntil;

    GatewayLeases(LeaseStore leases, CallStore calls, Clock clock, String instance, ScheduledExecutorService thread) {
        this.leases = leases;
        this.calls = calls;
        this.clock = clock;
        this.instance = instance;
        this.thread = thread;
    }

    /** A new instance id: host, process and a random part, readable in the leases table and the calls' room_holder. */
    public static String newInstanceId() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        String id = host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(b);
        return id.length() <= 64 ? id : id.substring(id.length() - 64);
    }

    /** Takes the leases at once (so the first sweep after start knows its part), then renews them every {@link #RENEW}. */
    public static GatewayLeases start(LeaseStore leases, CallStore calls, Clock clock, String instance) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-leases");
            t.setDaemon(true);
            return t;
        });
        GatewayLeases g = new GatewayLeases(leases, calls, clock, instance, thread);
        g.renewNow();
        thread.scheduleWithFixedDelay(g::renewNow, RENEW.toMillis(), RENEW.toMillis(), TimeUnit.MILLISECONDS);
        log.info("gateway instance {}: {} the periodic jobs", instance, g.sweeperTurn() ? "running" : "not running");
        return g;
    }

    public String instance() {
        return instance;
    }

    /** Renews this gateway's leases now. Never throws: a store outage only lets them expire. */
    public void renewNow() {
        long renewedAt = System.nanoTime();
        Instant now = clock.instant();
        Instant until = now.plus(TTL);
        try {
            leases.acquire(GATEWAY_PREFIX + instance, instance, now, until);
            boolean had = sweeperUntil != null;
            boolean has = leases.acquire(SWEEPER, instance, now, until);
            sweeperUntil = has ? renewedAt + TTL.toNanos() : null;
            if (has != had) {
                log.info("gateway instance {} {} the periodic jobs (lease {})", instance, has ? "now runs" : "no longer runs",
                        SWEEPER);
            }
        } catch (RuntimeException e) {
            log.warn("gateway leases could not be renewed: {}", e.toString());
        }
    }

    /** Whether this gateway runs the shared periodic jobs now: it holds the sweeper lease and it has not expired. */
    public boolean sweeperTurn() {
        Long until = sweeperUntil;
        return until != null && System.nanoTime() - until < 0;
    }

    /**
     * Which active calls this gateway's idle sweep may judge: those whose SFU room it holds (only it can see inside),
     * never those held by another live gateway, and the rest (Jitsi calls, rooms of gateways that died) only while it
     * runs the shared jobs.
     */
    @Override
    public Predicate<Call> begin() {
        boolean turn = sweeperTurn();
        Map<String, String> holders = calls.activeRoomHolders();
        Set<String> live = leases.liveHolders(GATEWAY_PREFIX, clock.instant());
        return call -> {
            String holder = holders.get(call.id());
            if (instance.equals(holder)) {
                return true;
            }
            if (holder != null && live.contains(holder)) {
                return false;
            }
            return turn;
        };
    }

    /** Stops renewing and gives the leases up, so another gateway takes the jobs over at once. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sweeperUntil = null;
        try {
            leases.release(SWEEPER, instance);
            leases.release(GATEWAY_PREFIX + instance, instance);
        } catch (RuntimeException e) {
            log.warn("gateway leases could not be released (they expire in {} s): {}", TTL.toSeconds(), e.toString());
        }
    }
}
