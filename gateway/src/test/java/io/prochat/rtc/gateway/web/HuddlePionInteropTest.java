package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.testing.PionClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Huddles joined by a second WebRTC stack, Pion 3.1.56 (Go, as Debian ships it; issue 11, item 11), through the join
 * page's WebSocket protocol: many joins, a few at a time into one huddle, each reaching a connected transport (ICE,
 * then DTLS; a failed handshake shows as Pion's "failed" state), and audio from one Pion client reaching another.
 * {@code -Dpion.joins=N} sets the number of joins (100 by default; docs/interop.md has the 1,000-join run).
 */
class HuddlePionInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int JOINS = Integer.getInteger("pion.joins", 100);
    /** Joins in flight together: each join renegotiates with the members already in. */
    private static final int AT_ONCE = 4;

    @TempDir
    Path dir;
    private TestGateway gw;
    private PionClient pion;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(PionClient.isAvailable(), "needs golang-go and golang-github-pion-webrtc.v3-dev");
        gw = TestGateway.startWithHuddles(dir);
        pion = PionClient.start(true);
    }

    @AfterEach
    void stop() {
        if (pion != null) {
            pion.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private String call(String title) {
        return gw.api.post("/api/v1/calls", "{\"title\":\"" + title
                + "\",\"kind\":\"huddle\",\"createdBy\":{\"userId\":\"u0\",\"name\":\"U0\"}}").json().get("id").asText();
    }

    private String link(String callId, String user) {
        var r = gw.api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + user + "\"}");
        if (r.status() != 200 && r.status() != 201) {
            throw new AssertionError("join link for " + user + ": " + r.status() + " " + r.body());
        }
        return r.json().get("joinUrl").asText();
    }

    @Test
    void everyJoinConnects() throws Exception {
        String call = call("joins");
        // one member stays throughout, so the huddle lives on between batches (it ends when the last one leaves)
        PionHuddleMember host = new PionHuddleMember(pion, "host", link(call, "host"), TIMEOUT);
        assertThat(awaitConnected(host)).as("the host's join").isNull();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        int done = 0;
        while (done < JOINS) {
            int n = Math.min(AT_ONCE, JOINS - done);
            List<PionHuddleMember> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String user = "p" + (done + i);
                batch.add(new PionHuddleMember(pion, user, link(call, user), TIMEOUT));
            }
            for (PionHuddleMember m : batch) {
                String outcome = awaitConnected(m);
                if (outcome != null) {
                    failures.add(m.peer.id + ": " + outcome + " " + m);
                }
            }
            for (PionHuddleMember m : batch) {
                m.leave();
            }
            for (PionHuddleMember m : batch) {
                m.closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                m.peer.close(TIMEOUT);
                m.close();
            }
            done += n;
        }
        host.leave();
        host.close();
        System.out.printf("Pion joins: %d, failed %d, %.1f s%n", JOINS, failures.size(),
                (System.nanoTime() - started) / 1e9);
        assertThat(failures).as("joins that did not connect; Pion's log: " + pion.logFile() + ", its end:\n"
                + pion.stderrTail()).isEmpty();
    }

    /**
     * null when the join connected (and every description the server sent this session carried its own ICE ufrag),
     * else what went wrong.
     */
    private String awaitConnected(PionHuddleMember m) throws InterruptedException {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (!m.peer.state().equals("connected")) {
            if (m.peer.states().contains("failed") || System.nanoTime() > end || m.closed.isDone()) {
                return "not connected: states " + m.peer.states();
            }
            Thread.sleep(20);
        }
        if (m.serverUfrags.stream().distinct().count() != 1) {
            return "the server's descriptions changed ICE ufrag: " + m.serverUfrags;
        }
        return null;
    }

    @Test
    void audioFromOnePionClientReachesAnother() throws Exception {
        String call = call("voices");
        try (PionHuddleMember ann = new PionHuddleMember(pion, "ann", link(call, "ann"), TIMEOUT);
                PionHuddleMember bob = new PionHuddleMember(pion, "bob", link(call, "bob"), TIMEOUT)) {
            String a = ann.sessionId.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            String b = bob.sessionId.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            await("voice both ways", () -> bob.voiceFrom().getOrDefault(a, 0L) > 50
                    && ann.voiceFrom().getOrDefault(b, 0L) > 50, ann, bob);
            assertThat(ann.errors).isEmpty();
            assertThat(bob.errors).isEmpty();
            assertThat(ann.serverUfrags).doesNotContainAnyElementsOf(bob.serverUfrags);
        }
    }

    private void await(String what, BooleanSupplier done, Object... context) throws InterruptedException {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + ": " + List.of(context) + "\nPion's log:\n"
                        + pion.stderrTail());
            }
            Thread.sleep(100);
        }
    }
}
