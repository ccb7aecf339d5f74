package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceConfig;
import io.prochat.rtc.sfu.media.SimulcastGroup;
import io.prochat.rtc.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Congestion control with a real Chromium (issue 14, item 3): Ann shares a simulcast screen ({@code l} and
 * {@code h}; the fake camera stands in for the screen) from one peer connection; Bob, a second peer connection in the
 * same page, receives it through a {@link ThrottledRelay}, a bottleneck of {@link #LIMIT_BPS} toward him. Bob
 * negotiated transport-cc, so the SFU numbers what it sends him and estimates his downlink from his feedback: while
 * limited he must be on {@code l}; once the limit is lifted he must reach {@code h} within {@link #UP_WITHIN}, and
 * his decoder, watched until {@link #ON_H} after that, must not freeze for {@link #MAX_FREEZE} at a time nor
 * {@link #MAX_FROZEN} in all. A second case has two receivers on narrow paths and one on a wide one, who must get
 * {@code h} all the same. Signalling is driven from the test.
 */
class CongestionChromiumInteropTest {
    static final long LIMIT_BPS = 300_000;
    /** A path too narrow for the screen share's high layer (1280×720 up to 1.5 Mbit/s), roomy for the low one. */
    static final long NARROW_BPS = 600_000;
    /**
     * With bandwidth probing ({@code cc.Prober}) the estimate doubles about once a second after the lift and is at its
     * ceiling within 4 s; the rest is Ann's Chromium ramping {@code h} up under the REMB, from the ~300 kbit/s it was
     * told while Bob, her only receiver, was limited, and the SFU's switch: 10.6-11.4 s in the runs of stop 24 (21-27 s
     * without probing, at 8 % a second of growth).
     */
    static final Duration UP_WITHIN = Duration.ofSeconds(20);
    /**
     * The longest Bob's decoder may stay frozen at a time after the lift, as Chromium itself counts it (each freeze
     * that ends between two polls: the growth of {@code totalFreezesDuration} of his inbound video, where a freeze is
     * a frame later than max(3 × the mean frame interval, the mean + 150 ms), per the W3C statistics). The test's own
     * poll of {@code framesDecoded} is printed too, with the longest gap between two polls. The bound was 4 s on the
     * total while about 1 run in 10 froze ~3 s after the switch up to {@code h} (CI at 1705ad6: 3.05 s): the new
     * layer's VP8 TL0PICIDX went back into numbers Chromium had seen on {@code l}, and it dropped every base-layer
     * frame until a key frame it asked for after 3 s ({@code Vp8Numbering}). Since the SFU keeps those numbers
     * continuous, what remains are the publisher's and the machine's hiccups: in 22 runs (10 beside a busy loop on
     * one core), none in 18, else one of 0.27-0.28 s, or 4 summing to 1.06 s (busy loop).
     */
    static final Duration MAX_FREEZE = Duration.ofMillis(1500);
    /** The most time Bob may spend frozen in all after the lift (those 22 runs: at most 1.06 s, in 4 freezes). */
    static final Duration MAX_FROZEN = Duration.ofMillis(3000);
    /**
     * How long Bob is watched once on {@code h}: a switch that takes the VP8 numbers back freezes him at once or up to
     * ~15 s later, depending on how far back.
     */
    static final Duration ON_H = Duration.ofSeconds(10);
    private static final Duration MEDIA = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE_SCRIPT = """
            window.t = {
              pcs: {},
              async offer(name, screen) {
                const pc = new RTCPeerConnection();
                this.pcs[name] = pc;
                if (screen) {
                  const s = await navigator.mediaDevices.getUserMedia({video: {width: 1280, height: 720, frameRate: 30}});
                  pc.addTransceiver(s.getVideoTracks()[0], {direction: 'sendonly', sendEncodings: [
                      {rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150000},
                      {rid: 'h', maxBitrate: 1500000}]});
                } else {
                  pc.addTransceiver('audio', {direction: 'sendonly'});
                }
                await pc.setLocalDescription();
                if (pc.iceGatheringState !== 'complete') {
                  await new Promise(done => pc.addEventListener('icegatheringstatechange',
                      () => pc.iceGatheringState === 'complete' && done()));
                }
                return pc.localDescription.sdp;
              },
              async answered(name, sdp) {
                await this.pcs[name].setRemoteDescription({type: 'answer', sdp});
                return 'ok';
              },
              async answer(name, sdp) {
                const pc = this.pcs[name];
                await pc.setRemoteDescription({type: 'offer', sdp});
                await pc.setLocalDescription();
                return pc.localDescription.sdp;
              },
              async video(name) {
                const out = [];
                (await this.pcs[name].getStats()).forEach(r => {
                  if (r.type === 'inbound-rtp' && r.kind === 'video') {
                    out.push({framesDecoded: r.framesDecoded || 0, frameWidth: r.frameWidth || 0,
                      packetsReceived: r.packetsReceived, packetsLost: r.packetsLost,
                      freezeCount: r.freezeCount || 0, totalFreezesDuration: r.totalFreezesDuration || 0,
                      countsFreezes: r.totalFreezesDuration !== undefined, framesReceived: r.framesReceived,
                      framesDropped: r.framesDropped, keyFramesDecoded: r.keyFramesDecoded, pliCount: r.pliCount,
                      nackCount: r.nackCount});
                  }
                });
                return JSON.stringify(out);
              },
              async sent(name) {
                const out = {};
                (await this.pcs[name].getStats()).forEach(r => {
                  if (r.type === 'outbound-rtp' && r.kind === 'video') {
                    out[r.rid] = {bytesSent: r.bytesSent, frameWidth: r.frameWidth || 0, active: r.active};
                  }
                });
                return JSON.stringify(out);
              }
            };
            return 'ready';""";

    private Sfu sfu;
    private Rooms rooms;
    private HttpServer http;
    private HeadlessChromium chromium;
    private ThrottledRelay relay;
    private final List<ThrottledRelay> moreRelays = new java.util.ArrayList<>();

    @BeforeAll
    static void noCloudMetadata() {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @BeforeEach
    void chromiumIsInstalled() {
        Assumptions.assumeTrue(HeadlessChromium.isAvailable(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    }

    @AfterEach
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (relay != null) {
            relay.close();
        }
        for (ThrottledRelay r : moreRelays) {
            r.close();
        }
        if (rooms != null) {
            rooms.close();
        }
        if (sfu != null) {
            sfu.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    /** One peer connection of the page, joined to the room; its signals are applied by {@link #pump}. */
    private final class Peer implements SignalSink {
        final String name;
        final UnaryOperator<String> towardBrowser;
        final LinkedBlockingQueue<Signal> in = new LinkedBlockingQueue<>();
        volatile String sessionId;

        Peer(String name, UnaryOperator<String> towardBrowser) {
            this.name = name;
            this.towardBrowser = towardBrowser;
        }

        @Override
        public void send(Signal s) {
            in.add(s);
        }

        void pump(Room room) {
            Signal s;
            while ((s = in.poll()) != null) {
                if (s instanceof Signal.Joined j) {
                    sessionId = j.sessionId();
                } else if (s instanceof Signal.Answer a) {
                    chromium.eval("return window.t.answered(arguments[0], arguments[1])", name,
                            towardBrowser.apply(a.sdp()));
                } else if (s instanceof Signal.Offer o) {
                    String answer = (String) chromium.eval("return window.t.answer(arguments[0], arguments[1])", name,
                            towardBrowser.apply(o.sdp()));
                    room.answer(sessionId, answer);
                } else if (s instanceof Signal.Failure f) {
                    throw new AssertionError(name + ": " + f.code() + " " + f.message());
                }
            }
        }
    }

    /** The SFU, the page, and Ann sharing her simulcast screen in room "cc"; returns Ann. */
    private Peer startWithAnnSharing(Room[] roomOut) throws Exception {
        sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback().withTcpPort(-1))); // UDP only: receivers' media via relays
        rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { });
        Room room = rooms.open("cc");
        roomOut[0] = room;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        http.createContext("/", ex -> { // a secure context (localhost) for the fake camera
            byte[] page = "<!doctype html><title>cc</title>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        http.start();
        chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling"));
        chromium.open("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        chromium.eval(PAGE_SCRIPT);

        Peer ann = new Peer("ann", UnaryOperator.identity());
        String annOffer = (String) chromium.eval("return window.t.offer('ann', true)");
        room.join(new JoinRequest("ann", "Ann", annOffer, Map.of("0", "screen"), false, false), ann);
        await("Ann's session", () -> {
            ann.pump(room);
            return ann.sessionId != null;
        }, MEDIA);
        room.screen(ann.sessionId, true, false);
        return ann;
    }

    /** A receiver peer connection of the page, joined with its media through {@code via} (null: directly). */
    private Peer joinReceiver(Room room, String name, ThrottledRelay via) {
        String sfuPort = " " + sfu.udpPort() + " typ host";
        Peer p = new Peer(name, via == null ? UnaryOperator.identity()
                : sdp -> sdp.replace(sfuPort, " " + via.browserFacingPort() + " typ host"));
        String offer = (String) chromium.eval("return window.t.offer(arguments[0], false)", name);
        if (via != null) {
            offer = onlyLoopbackCandidate(offer, via.sfuFacingPort());
        }
        assertThat(offer).as("Chromium offers transport-cc").contains("transport-wide-cc-extensions-01");
        room.join(new JoinRequest(name, name, offer, Map.of("0", "mic"), false, false), p);
        return p;
    }

    /**
     * One receiver on a narrow path must not take the high layer from the others: Bob and Dave get Ann's screen
     * through {@link #NARROW_BPS} each (too little for {@code h}, and not outliers: they are two of three), Carol
     * directly. Carol must get {@code h} while Bob and Dave stay on {@code l}: the publisher of an all-simulcast
     * video is told the strongest receiver's share, not the weakest's ({@code media.DownlinkAggregate#ofSimulcast}).
     */
    @Test
    void receiversOnANarrowPathKeepTheLowLayerWhileAnotherGetsTheHighOne() throws Exception {
        Room[] r = new Room[1];
        Peer ann = startWithAnnSharing(r);
        Room room = r[0];
        ThrottledRelay bobPath = new ThrottledRelay(sfu.udpPort(), NARROW_BPS);
        ThrottledRelay davePath = new ThrottledRelay(sfu.udpPort(), NARROW_BPS);
        moreRelays.add(bobPath);
        moreRelays.add(davePath);
        Peer bob = joinReceiver(room, "bob", bobPath);
        Peer dave = joinReceiver(room, "dave", davePath);
        Peer carol = joinReceiver(room, "carol", null);
        Runnable pump = () -> {
            ann.pump(room);
            bob.pump(room);
            dave.pump(room);
            carol.pump(room);
        };
        await("everyone decodes Ann's screen", () -> {
            pump.run();
            return video(bob).path("framesDecoded").asLong() > 10 && video(dave).path("framesDecoded").asLong() > 10
                    && video(carol).path("framesDecoded").asLong() > 10;
        }, MEDIA);
        SimulcastGroup group = room.participants.get(ann.sessionId).own.get(TrackKind.SCREEN).stream().group();
        Participant b = room.participants.get(bob.sessionId);
        Participant d = room.participants.get(dave.sessionId);
        Participant c = room.participants.get(carol.sessionId);
        java.util.function.Supplier<String> state = () -> "layers bob " + group.layerOf(b.transport) + ", dave "
                + group.layerOf(d.transport) + ", carol " + group.layerOf(c.transport) + "; estimates bob "
                + b.transport.congestion().estimator().estimate() + ", dave "
                + d.transport.congestion().estimator().estimate() + ", carol "
                + c.transport.congestion().estimator().estimate() + "; layer rates "
                + java.util.Arrays.toString(group.layerRatesBps());
        try {
            await("Carol on h, Bob and Dave on l", () -> {
                pump.run();
                return "h".equals(group.layerOf(c.transport)) && "l".equals(group.layerOf(b.transport))
                        && "l".equals(group.layerOf(d.transport));
            }, MEDIA);
            Thread.sleep(3000);
            pump.run();
            System.out.println("narrow paths: " + state.get() + ", carol " + video(carol) + ", ann sends "
                    + chromium.eval("return window.t.sent('ann')"));
            assertThat(group.layerOf(c.transport)).as("Carol still on h 3 s later").isEqualTo("h");
            assertThat(video(carol).path("frameWidth").asInt()).as("h's resolution at Carol").isGreaterThan(640);
            assertThat(List.of(group.layerOf(b.transport), group.layerOf(d.transport))).as("the narrow paths")
                    .containsExactly("l", "l");
            assertThat(b.transport.congestion().estimator().estimate()).as("Bob's estimate under his path's")
                    .isLessThan(NARROW_BPS * 2);
        } finally {
            System.out.println("end: " + state.get());
        }
    }

    @Test
    void aLimitedReceiverGetsTheLowLayerThenTheHighOneOnceTheLimitIsLifted() throws Exception {
        Room[] r = new Room[1];
        Peer ann = startWithAnnSharing(r);
        Room room = r[0];

        relay = new ThrottledRelay(sfu.udpPort(), LIMIT_BPS);
        Peer bob = joinReceiver(room, "bob", relay);
        Runnable pump = () -> {
            ann.pump(room);
            bob.pump(room);
        };

        await("Bob decodes Ann's screen", () -> {
            pump.run();
            return video(bob).path("framesDecoded").asLong() > 10;
        }, MEDIA);
        SimulcastGroup group = room.participants.get(ann.sessionId).own.get(TrackKind.SCREEN).stream().group();
        Participant b = room.participants.get(bob.sessionId);
        try {
            // limited: the estimate settles under the bottleneck and Bob is moved to (or kept on) the low layer
            await("Bob on the low layer while limited", () -> {
                pump.run();
                return List.of("l").equals(group.receiverLayers())
                        && b.transport.congestion().estimator().estimate() < LIMIT_BPS * 2;
            }, MEDIA);
            Thread.sleep(3000);
            pump.run();
            assertThat(group.receiverLayers()).as("still on l after 3 s limited").containsExactly("l");
            assertThat(b.transport.congestion().estimator().hasFeedback()).isTrue();
            assertThat(b.forwarder.transportCcFeedback()).isPositive();
            System.out.println("limited: estimate " + b.transport.congestion().estimator().estimate() + ", bob "
                    + video(bob) + ", ann sends " + chromium.eval("return window.t.sent('ann')") + ", relay dropped "
                    + relay.dropped.get());

            // lifted: Bob must reach h in time, and his decoder must keep going
            relay.limit(0);
            long lifted = System.nanoTime();
            JsonNode atLift = video(bob);
            assertThat(atLift.path("countsFreezes").asBoolean()).as("Chromium reports totalFreezesDuration").isTrue();
            long lastFrames = atLift.path("framesDecoded").asLong();
            double freezesAtLift = atLift.path("totalFreezesDuration").asDouble();
            long freezeCount = atLift.path("freezeCount").asLong();
            double frozenSoFar = freezesAtLift;
            double longestFreeze = 0;
            long lastProgress = lifted;
            long longestStall = 0;
            long longestPoll = 0;
            long lastPoll = lifted;
            long reachedH = -1;
            long end = lifted + UP_WITHIN.toNanos();
            while (reachedH < 0 ? System.nanoTime() < end : System.nanoTime() - reachedH < ON_H.toNanos()) {
                pump.run();
                JsonNode v = video(bob);
                long frames = v.path("framesDecoded").asLong();
                long now = System.nanoTime();
                if (v.path("freezeCount").asLong() > freezeCount) { // freezes ended since the last poll, taken as one
                    longestFreeze = Math.max(longestFreeze, v.path("totalFreezesDuration").asDouble() - frozenSoFar);
                }
                freezeCount = v.path("freezeCount").asLong();
                frozenSoFar = v.path("totalFreezesDuration").asDouble();
                longestPoll = Math.max(longestPoll, now - lastPoll);
                lastPoll = now;
                if (frames > lastFrames) {
                    lastFrames = frames;
                    lastProgress = now;
                }
                longestStall = Math.max(longestStall, now - lastProgress);
                if (reachedH < 0 && List.of("h").equals(group.receiverLayers())) {
                    reachedH = now;
                }
                if ((now - lifted) / 1_000_000_000L != (now - lifted - 100_000_000L) / 1_000_000_000L) {
                    var e = b.transport.congestion().estimator();
                    System.out.println("  +" + (now - lifted) / 1_000_000 + " ms: estimate " + e.estimate() + ", acked "
                            + e.ackedBps() + ", loss " + e.lastLoss() + ", " + e.usage() + ", layer rates "
                            + java.util.Arrays.toString(group.layerRatesBps()) + ", " + group.receiverLayers());
                }
                Thread.sleep(100);
            }
            JsonNode atEnd = video(bob);
            if (atEnd.path("freezeCount").asLong() > freezeCount) {
                longestFreeze = Math.max(longestFreeze, atEnd.path("totalFreezesDuration").asDouble() - frozenSoFar);
            }
            Duration longest = Duration.ofMillis(Math.round(longestFreeze * 1000));
            Duration frozen = Duration.ofMillis(Math.round(
                    (atEnd.path("totalFreezesDuration").asDouble() - freezesAtLift) * 1000));
            System.out.println("lifted: h after " + (reachedH < 0 ? "never" : (reachedH - lifted) / 1_000_000 + " ms")
                    + ", frozen " + frozen.toMillis() + " ms by Chromium's count (" + (atEnd.path("freezeCount").asLong()
                    - atLift.path("freezeCount").asLong()) + " freezes, the longest " + longest.toMillis()
                    + " ms), longest stall between polls "
                    + longestStall / 1_000_000 + " ms, longest poll " + longestPoll / 1_000_000 + " ms, estimate "
                    + b.transport.congestion().estimator().estimate() + ", bob " + video(bob) + ", ann sends "
                    + chromium.eval("return window.t.sent('ann')"));
            assertThat(reachedH).as("Bob on h within " + UP_WITHIN).isPositive();
            assertThat(longest).as("Bob's longest freeze after the lift").isLessThan(MAX_FREEZE);
            assertThat(frozen).as("time Bob's decoder spent frozen after the lift").isLessThan(MAX_FROZEN);
            assertThat(b.transport.congestion().estimator().estimate()).isGreaterThan(LIMIT_BPS);
            assertThat(video(bob).path("frameWidth").asInt()).as("h's resolution at Bob").isGreaterThan(640);
        } finally {
            System.out.println("estimate " + b.transport.congestion().estimator().estimate() + ", acked "
                    + b.transport.congestion().estimator().ackedBps() + ", usage "
                    + b.transport.congestion().estimator().usage() + ", budget drops "
                    + b.transport.congestion().budgetDrops() + ", unstampable "
                    + b.transport.congestion().unstampable() + ", probes " + b.transport.congestion().prober().probes()
                    + " (raised " + b.transport.congestion().prober().raised() + ", last result "
                    + b.transport.congestion().prober().lastResultBps() + "), layers " + group.receiverLayers());
        }
    }

    /** Keeps the browser's UDP candidate on 127.0.0.1 and points it at the relay instead. */
    private static String onlyLoopbackCandidate(String sdp, int port) {
        return sdp.lines().map(l -> {
            if (!l.startsWith("a=candidate:")) {
                return l;
            }
            String[] f = l.split(" ");
            if (!f[2].equalsIgnoreCase("udp") || !f[4].equals("127.0.0.1")) {
                return null;
            }
            f[5] = Integer.toString(port);
            return String.join(" ", f);
        }).filter(l -> l != null).collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    private JsonNode video(Peer p) {
        try {
            JsonNode all = JSON.readTree((String) chromium.eval("return window.t.video(arguments[0])", p.name));
            return all.isEmpty() ? JSON.createObjectNode() : all.get(0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier done, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
