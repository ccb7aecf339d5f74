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
import io.prochat.rtc.sfu.media.StreamSource;
import io.prochat.rtc.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RTX with a real Chromium: Ann publishes her fake camera from one peer connection; Bob, a second peer connection in
 * the same page, receives it through a {@link LossyRelay} that drops one in 20 of its video packets. Bob NACKs them,
 * the SFU answers from its cache as RTX on the SSRC it offered in {@code a=ssrc-group:FID}, and Chromium counts the
 * repairs on that SSRC while it keeps decoding. Signalling is driven from the test, so no join page is needed; Bob
 * joins with audio only, so he gets RTX under Chromium's number (97) rather than one learnt from his own video.
 */
class RoomRtxChromiumInteropTest {
    private static final Duration MEDIA = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE_SCRIPT = """
            window.t = {
              pcs: {},
              async offer(name, camera) {
                const pc = new RTCPeerConnection();
                this.pcs[name] = pc;
                if (camera) {
                  const s = await navigator.mediaDevices.getUserMedia({video: {width: 320, height: 240}});
                  pc.addTransceiver(s.getVideoTracks()[0], {direction: 'sendonly'});
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
                    out.push({ssrc: r.ssrc, rtxSsrc: r.rtxSsrc || 0, packetsReceived: r.packetsReceived,
                      packetsLost: r.packetsLost, nackCount: r.nackCount || 0, framesDecoded: r.framesDecoded || 0,
                      retransmittedPacketsReceived: r.retransmittedPacketsReceived || 0});
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
    private LossyRelay relay;

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

    @Test
    void videoLostOnTheWayToChromiumIsRepairedWithRtx() throws Exception {
        // UDP only, so all of Bob's media goes through the relay
        sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback().withTcpPort(-1)));
        rooms = new Rooms(sfu, Rooms.Config.defaults(), id -> { });
        Room room = rooms.open("rtx");
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        http.createContext("/", ex -> { // a secure context (localhost) for the fake camera
            byte[] page = "<!doctype html><title>rtx</title>".getBytes(StandardCharsets.UTF_8);
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
        room.join(new JoinRequest("ann", "Ann", annOffer, Map.of("0", "camera"), false, true), ann);
        await("Ann's camera stream", () -> {
            ann.pump(room);
            return camera(room) != null;
        });
        StreamSource camera = camera(room);

        relay = new LossyRelay(sfu.udpPort(), LossyRelay.everyNthRtpOf(camera.ssrc(), 20));
        String sfuPort = " " + sfu.udpPort() + " typ host";
        Peer bob = new Peer("bob", sdp -> sdp.replace(sfuPort, " " + relay.browserFacingPort() + " typ host"));
        String bobOffer = onlyLoopbackCandidate((String) chromium.eval("return window.t.offer('bob', false)"),
                relay.sfuFacingPort());
        room.join(new JoinRequest("bob", "Bob", bobOffer, Map.of("0", "mic"), false, false), bob);

        await("Bob decodes Ann's camera", () -> {
            ann.pump(room);
            bob.pump(room);
            return video(bob).path("framesDecoded").asLong() > 10;
        });
        try {
            await("repairs as RTX", () -> {
                ann.pump(room);
                bob.pump(room);
                return video(bob).path("retransmittedPacketsReceived").asLong() >= 5;
            });
        } finally {
            Participant b = room.participants.get(bob.sessionId);
            System.out.println("bob's video: " + video(bob) + "; relay dropped " + relay.dropped + "; SFU re-sent "
                    + camera.retransmittedPackets() + (camera.sendsRtxTo(b.transport) ? " as RTX on " : " not as RTX, ")
                    + camera.rtxSsrc() + "; NACKs unanswered " + b.forwarder.nacksUnanswered());
        }
        JsonNode before = video(bob);
        JsonNode after = video(bob);
        long frames = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos(); // a loaded host decodes slower
        while (after.path("framesDecoded").asLong() <= before.path("framesDecoded").asLong() + 10
                && System.nanoTime() < frames) {
            Thread.sleep(250);
            after = video(bob);
        }
        assertThat(after.path("framesDecoded").asLong()).as("frames keep coming")
                .isGreaterThan(before.path("framesDecoded").asLong() + 10);
        assertThat(after.path("nackCount").asLong()).isPositive();
        assertThat(after.path("rtxSsrc").asLong()).as("the FID partner we offered").isEqualTo(camera.rtxSsrc());
        assertThat(camera.sendsRtxTo(room.participants.get(bob.sessionId).transport)).isTrue();
        assertThat(camera.retransmittedPackets()).isPositive();
        assertThat(relay.dropped.get()).isPositive();
    }

    /** Ann's camera, once the SFU has it. */
    private static StreamSource camera(Room room) {
        for (StreamSource s : room.streams()) {
            if (s.isVideo()) {
                return s;
            }
        }
        return null;
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

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + MEDIA.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
