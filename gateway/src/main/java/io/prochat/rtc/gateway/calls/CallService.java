package io.prochat.rtc.gateway.calls;

import io.prochat.rtc.gateway.backend.CallBackend;
import io.prochat.rtc.gateway.backend.LiveRoom;
import io.prochat.rtc.gateway.backend.PersonalJoin;
import io.prochat.rtc.gateway.backend.PlacedRoom;
import io.prochat.rtc.gateway.backend.RoomRequest;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.routing.BackendStatus;
import io.prochat.rtc.gateway.routing.Router;
import io.prochat.rtc.gateway.routing.RoutingException;
import io.prochat.rtc.gateway.store.CallStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The one place calls are created, joined and ended: routing, backends and the store together. */
public final class CallService {
    private static final Logger log = LoggerFactory.getLogger(CallService.class);
    /** The store's route_reason column. */
    static final int MAX_REASON = 1000;

    private final Map<Backend, CallBackend> backends;
    private final Router router;
    private final CallStore store;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();
    private final RoomTeardowns teardowns; // null: rooms are ended once, right after the commit
    /** This gateway's instance ({@link GatewayLeases}), stored with the SFU rooms it holds; null: not recorded. */
    private volatile String roomHolder;

    public CallService(List<CallBackend> backends, RouterFactory routerFactory, CallStore store,
                       GatewayMetrics metrics, Clock clock) {
        this(backends, routerFactory, store, metrics, clock, null);
    }

    /** @param teardowns the outbox that destroys rooms that outlive the gateway (Jitsi's); null: none */
    public CallService(List<CallBackend> backends, RouterFactory routerFactory, CallStore store,
                       GatewayMetrics metrics, Clock clock, RoomTeardowns teardowns) {
        this.teardowns = teardowns;
        this.backends = new EnumMap<>(Backend.class);
        for (CallBackend backend : backends) {
            this.backends.put(backend.id(), backend);
        }
        this.router = routerFactory.create(this::status);
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Builds the router once the service can answer health questions. */
    @FunctionalInterface
    public interface RouterFactory {
        Router create(java.util.function.Function<Backend, BackendStatus> health);
    }

    /** Records {@code instance} with every SFU call made from now on: its room lives in this process. */
    public void holdRoomsAs(String instance) {
        this.roomHolder = instance;
    }

    public void addListener(CallListener listener) {
        listeners.add(listener);
    }

    public BackendStatus status(Backend backend) {
        CallBackend b = backends.get(backend);
        if (b == null) {
            return BackendStatus.down(backend, "not configured");
        }
        try {
            return b.status();
        } catch (RuntimeException e) {
            log.warn("{} health check failed: {}", backend.wireName(), e.toString());
            return BackendStatus.down(backend, "health check failed: " + e.getMessage());
        }
    }

    public CallBackend backend(Backend backend) {
        return backends.get(backend);
    }

    /** Set once a drain begins (SIGTERM): the instant by which running calls are ended; null while serving. */
    private volatile Instant drainingUntil;

    /** From now on no new calls or joins ({@link DrainingException}); calls already running go on. */
    public void startDraining(Instant until) {
        drainingUntil = until;
    }

    public Optional<Instant> drainingUntil() {
        return Optional.ofNullable(drainingUntil);
    }

    private void refuseWhileDraining() {
        Instant until = drainingUntil;
        if (until != null) {
            throw new DrainingException(until);
        }
    }

    public CreatedCall create(NewCall request) {
        refuseWhileDraining();
        Route routed = routeOrCount(request);
        String id = CallIds.next();
        CallBackend backend = backends.get(routed.backend());
        PlacedRoom room = backend.place(
                new RoomRequest(id, request.title(), request.teamName(), request.channelName(), request.needs()));
        Route route = withReasonFittingTheStore(room.placedOn() == null ? routed : new Route(routed.kind(),
                routed.backend(), routed.reason() + "; placed on SFU node " + room.placedOn(), routed.fallback(),
                routed.mode()));
        Call call = new Call(id, request.requestedKind(), route, request.title(), request.channelId(),
                request.createdBy(), request.needs(), room.room(), room.joinUrl(), CallState.ACTIVE,
                now(), null);
        try {
            store.insert(call, route.backend() == Backend.SFU ? roomHolder : null);
        } catch (RuntimeException e) {
            // no record, no room: what place() set up in this process must not outlive the failed request
            try {
                backend.end(call.ended(now()));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        // only now is a room made outside this process (Jitsi's over XMPP): one made before a failed insert would
        // be a room nobody can end
        List<String> warnings = new java.util.ArrayList<>(room.warnings());
        try {
            warnings.addAll(backend.open(call));
        } catch (RuntimeException e) {
            log.warn("call {}: its {} room could not be made ahead: {}", id, route.backend().wireName(), e.toString());
            warnings.add("the room could not be made ahead (" + e.getMessage() + ")");
        }
        tearDownIfEndedMeanwhile(call, backend);
        metrics.callCreated(route);
        log.info("call {} created: {} on {} ({}){}", id, route.kind().wireName(), route.backend().wireName(),
                route.reason(), route.fallback() ? " [fallback]" : "");
        return new CreatedCall(call, List.copyOf(warnings));
    }

    /**
     * An end that came while the room was being made found no room to destroy, and its teardown is done: the room made
     * after it must be queued again. Costs one read per call whose room outlives the gateway.
     */
    private void tearDownIfEndedMeanwhile(Call call, CallBackend backend) {
        String room = teardowns == null ? null : backend.durableRoom(call);
        if (room == null) {
            return;
        }
        boolean ended;
        try {
            ended = store.find(call.id()).map(c -> c.state() == CallState.ENDED).orElse(false);
        } catch (RuntimeException e) {
            log.warn("call {}: could not check whether it ended while its room was made: {}", call.id(), e.toString());
            return;
        }
        if (ended) {
            log.info("call {} ended while its room was being made: destroying the room", call.id());
            teardowns.requeue(call.id(), room);
        }
    }

    /** Reasons quote backend errors (XMPP, health checks) that can be long; the store keeps 1000 characters. */
    private static Route withReasonFittingTheStore(Route route) {
        if (route.reason().length() <= MAX_REASON) {
            return route;
        }
        String reason = route.reason().substring(0, MAX_REASON - 1) + "…";
        return new Route(route.kind(), route.backend(), reason, route.fallback(), route.mode());
    }

    private Route routeOrCount(NewCall request) {
        try {
            return router.route(request.requestedKind(), request.needs());
        } catch (RoutingException e) {
            metrics.routingRefused(e.unavailable());
            log.warn("call refused: {}", e.getMessage());
            throw e;
        }
    }

    public Call get(String id) {
        return store.find(id).orElseThrow(() -> new CallNotFoundException(id));
    }

    public Optional<Call> find(String id) {
        return store.find(id);
    }

    public List<Call> list(String channelId, CallState state, int limit) {
        return store.list(channelId, state, limit);
    }

    /** The page after {@code after} (the previous page's last call; null = the first page), newest first. */
    public List<Call> list(String channelId, CallState state, Call after, int limit) {
        return store.list(channelId, state, after, limit);
    }

    /** Who is in an active call's room right now, when its backend can tell; null otherwise. */
    public LiveRoom live(Call call) {
        CallBackend b = backends.get(call.route().backend());
        if (call.state() != CallState.ACTIVE || b == null) {
            return null;
        }
        try {
            return b.live(call);
        } catch (RuntimeException e) {
            log.warn("call {}: reading its room failed: {}", call.id(), e.toString());
            return null;
        }
    }

    public List<Participant> participants(String callId) {
        return store.participants(callId);
    }

    /** A personal join; the call's creator is always a moderator. */
    public PersonalJoin join(String id, Person person, boolean moderatorAsked) {
        refuseWhileDraining();
        Call call = get(id);
        if (call.state() == CallState.ENDED) {
            throw new CallEndedException(id);
        }
        boolean moderator = moderatorAsked || person.userId().equals(call.createdBy().userId());
        PersonalJoin join = backends.get(call.route().backend()).join(call, person, moderator);
        // recorded only while the call is active: a join racing an end gets 409, not a link to an ended call
        if (store.addParticipantIfActive(id, person, moderator, this::now).isEmpty()) {
            throw new CallEndedException(id);
        }
        metrics.joinIssued(call.route().backend().wireName());
        return join;
    }

    /**
     * Ends a call: the record first (it must survive a backend failure), then the room. A room that outlives the
     * gateway (Jitsi's) is queued for destruction in the end's own transaction, then destroyed through the outbox
     * ({@link RoomTeardowns}), which tries again later when that fails.
     */
    public Call end(String id) {
        Call call = get(id);
        CallBackend backend = backends.get(call.route().backend());
        String durableRoom = teardowns == null ? null : backend.durableRoom(call);
        Instant now = store.markEnded(id, this::now, durableRoom).orElseThrow(() -> new CallEndedException(id));
        Call ended = call.ended(now);
        if (durableRoom != null) {
            teardowns.tearDown(id);
        } else {
            try {
                backend.end(ended);
            } catch (RuntimeException e) {
                log.warn("call {} ended, but its {} room could not be torn down: {}", id,
                        call.route().backend().wireName(), e.toString());
            }
        }
        metrics.callEnded(call.route().backend().wireName());
        log.info("call {} ended after {} s", id, ended.duration(now).toSeconds());
        notifyEnded(ended);
        return ended;
    }

    private void notifyEnded(Call ended) {
        if (listeners.isEmpty()) {
            return;
        }
        List<Participant> participants;
        try {
            participants = store.participants(ended.id());
        } catch (RuntimeException e) { // the call has ended all the same; only the listeners miss out
            log.warn("call {} ended, but its participants could not be read for the listeners: {}", ended.id(), e.toString());
            return;
        }
        for (CallListener listener : listeners) {
            try {
                listener.onEnded(ended, participants);
            } catch (RuntimeException e) {
                log.warn("a listener failed on the end of call {}: {}", ended.id(), e.toString());
            }
        }
    }

    /** Millisecond precision: what the store keeps and what clients see are the same instant. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public int activeCalls() {
        return store.countActive();
    }

    /** {sessions, users} over active calls. */
    public int[] activeParticipants() {
        return store.activeParticipantCounts();
    }
}
