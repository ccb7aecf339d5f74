package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.calls.Participant;
import io.prochat.rtc.gateway.cluster.NodeState;
import io.prochat.rtc.gateway.packaged.Features.Serving;
import io.prochat.rtc.gateway.store.CallStore;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import io.prochat.rtc.gateway.web.HuddlePage;
import io.prochat.rtc.testing.HeadlessChromium;
import io.prochat.rtc.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, items 2, 4 and 5 (the node half): the shipped jar as one {@code --role gateway} and two
 * {@code --role sfu} nodes, as separate processes on loopback, on one real PostgreSQL. Huddles spread over the nodes
 * by load; Chromium pages join a huddle on each node and get media; the node carrying a call of two is killed with
 * SIGKILL mid-call: within 5 s it is marked down, its call moves to the other node, both pages find it there by
 * themselves and media flows again; the store keeps every call, participant and the node's fate. Then the last node
 * is killed: the calls end with their reason in the store, and the page says so.
 */
class ClusterNodesIT {
    private static final String SECRET = "cluster-secret-for-the-packaged-jar-0123456789";
    private static final Duration MEDIA = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Map<String, String> cluster(String dataSource) {
        return Map.of("PROCHAT_STORE_DATASOURCE", dataSource, "PROCHAT_CLUSTER_SECRET", SECRET);
    }

    private Serving node(String id, String dataSource) {
        Map<String, String> env = new HashMap<>(cluster(dataSource));
        env.put("PROCHAT_CLUSTER_NODEID", id);
        env.put("PROCHAT_GATEWAY_DRAINTIMEOUTSECONDS", "2");
        return Features.serve(dir.resolve(id), env, "--role", "sfu");
    }

    @Test
    void huddlesSpreadOverNodesAndMoveWhenTheirNodeIsKilled() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            String jdbc = postgres.newDatabase();
            String name = jdbc.substring(jdbc.lastIndexOf('/') + 1, jdbc.indexOf('?'));
            String dataSource = "postgres://" + PostgresServer.USER + "@127.0.0.1:" + postgres.port() + "/" + name;
            try (Serving a = node("node-a", dataSource); Serving b = node("node-b", dataSource);
                 Serving gateway = Features.serve(dir.resolve("gateway"), cluster(dataSource), "--role", "gateway");
                 Database db = Database.open(jdbc)) {
                SfuNodeStore nodes = new SfuNodeStore(db);
                CallStore calls = new CallStore(db, Json.mapper());
                ApiClient api = gateway.api();
                assertThat(nodes.nodes()).extracting(n -> n.id()).containsExactly("node-a", "node-b");

                String pair = huddle(api, "pair");
                String solo = huddle(api, "solo");
                String pairNode = nodes.nodeOf(pair).orElseThrow();
                String soloNode = nodes.nodeOf(solo).orElseThrow();
                assertThat(List.of(pairNode, soloNode)).as("one huddle on each node").containsExactlyInAnyOrder(
                        "node-a", "node-b");
                Serving pairServer = pairNode.equals("node-a") ? a : b;

                try (HeadlessChromium chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling",
                        "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"))) {
                    HuddlePage ann = HuddlePage.open(chromium, link(api, gateway, pair, "ann"), "ann", true);
                    HuddlePage bob = HuddlePage.open(chromium, link(api, gateway, pair, "bob"), "bob", false);
                    HuddlePage cid = HuddlePage.open(chromium, link(api, gateway, solo, "cid"), "cid", false);
                    assertThat(String.valueOf(ann.run("return window.huddle.state.info.socketUrl")))
                            .isEqualTo("ws://127.0.0.1:" + pairServer.port() + "/huddle/" + pair + "/ws");
                    mediaBetween(ann, bob, gateway);
                    await("cid connected on the other node", () -> "connected".equals(cid.stats().path("state").asText()),
                            gateway, cid);
                    String annBefore = ann.sessionId();

                    pairServer.jar().kill();
                    long killed = System.nanoTime();
                    await("the killed node marked down", () -> nodes.find(pairNode).orElseThrow().state()
                            == NodeState.DOWN, gateway, ann, bob);
                    long downAfter = (System.nanoTime() - killed) / 1_000_000;
                    assertThat(downAfter).as("marked down within 5 s of the kill").isLessThanOrEqualTo(5000);
                    await("the call moved", () -> nodes.nodeOf(pair).orElseThrow().equals(soloNode), gateway, ann, bob);

                    await("both pages rejoined on the other node", () -> {
                        String annNow = ann.sessionId(); // read once: each call asks the page, which may be rejoining
                        return annNow != null && bob.sessionId() != null && !annNow.equals(annBefore)
                                && String.valueOf(ann.run("return window.huddle.state.info.socketUrl")).contains(
                                ":" + (pairServer == a ? b : a).port() + "/");
                    }, gateway, ann, bob);
                    assertThat(((Number) ann.run("return window.huddle.state.moves")).intValue()).isEqualTo(1);
                    mediaBetween(ann, bob, gateway);
                    assertThat("connected").isEqualTo(cid.stats().path("state").asText());

                    // nothing lost: both calls active, on the living node, with everyone who joined
                    for (String id : List.of(pair, solo)) {
                        assertThat(api.get("/api/v1/calls/" + id).json().get("state").asText()).isEqualTo("active");
                        assertThat(nodes.nodeOf(id)).contains(soloNode);
                    }
                    assertThat(calls.participants(pair)).extracting(p -> p.person().userId())
                            .containsExactlyInAnyOrder("ann", "bob");
                    assertThat(calls.participants(solo)).extracting(p -> p.person().userId()).containsExactly("cid");
                    assertThat(gateway.jar().stdout() + gateway.jar().stderr()).contains("SFU node " + pairNode
                            + " marked down").doesNotContain(SECRET);

                    // the last node goes too: no node can take the calls, so they end, saying why
                    (pairServer == a ? b : a).jar().kill();
                    await("the calls ended with their reason", () -> nodes.endReason(pair).isPresent()
                            && nodes.endReason(solo).isPresent(), gateway, ann, cid);
                    assertThat(nodes.endReason(pair).orElseThrow()).contains("its SFU node " + soloNode + " was lost");
                    assertThat(api.get("/api/v1/calls/" + pair).json().get("state").asText()).isEqualTo("ended");
                    await("the page says the call ended, and why", () -> "call_lost".equals(
                            ann.stats().path("notice").asText()), gateway, ann);
                    assertThat(String.valueOf(ann.run("return document.getElementById('notice-text').textContent")))
                            .contains("its SFU node " + soloNode + " was lost");
                    String fallback = api.post("/api/v1/calls", """
                            {"title":"after","createdBy":{"userId":"ann","name":"Ann"}}""").json().get("route")
                            .get("reason").asText();
                    assertThat(fallback).contains("no SFU node is up");
                }
            }
        }
    }

    /**
     * SIGTERM on a node drains it: marked draining in the store at once, so new huddles go to the other node; its
     * page is told; its call runs until DrainTimeoutSeconds (2 s here), then ends with the reason in the store; the
     * node exits 0, marked down.
     */
    @Test
    void sigtermDrainsANodeWhileTheOtherTakesNewHuddles() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            String jdbc = postgres.newDatabase();
            String name = jdbc.substring(jdbc.lastIndexOf('/') + 1, jdbc.indexOf('?'));
            String dataSource = "postgres://" + PostgresServer.USER + "@127.0.0.1:" + postgres.port() + "/" + name;
            try (Serving a = node("node-a", dataSource); Serving b = node("node-b", dataSource);
                 Serving gateway = Features.serve(dir.resolve("gateway"), cluster(dataSource), "--role", "gateway");
                 Database db = Database.open(jdbc)) {
                SfuNodeStore nodes = new SfuNodeStore(db);
                ApiClient api = gateway.api();
                String call = huddle(api, "standup");
                String here = nodes.nodeOf(call).orElseThrow();
                Serving drained = here.equals("node-a") ? a : b;
                String other = here.equals("node-a") ? "node-b" : "node-a";
                String token = api.post("/api/v1/calls/" + call + "/participants",
                        "{\"userId\":\"ann\",\"name\":\"Ann\"}").json().get("token").asText();
                GracefulDrainIT.Socket ann = GracefulDrainIT.Socket.open(java.net.http.HttpClient.newHttpClient(),
                        drained.port(), call, token);
                ann.ws.sendText(GracefulDrainIT.joinMessage(), true);
                ann.until("joined");

                drained.jar().terminate();
                assertThat(ann.until("draining").get("message").asText()).contains("restarting");
                await("the node marked draining", () -> nodes.find(here).orElseThrow().state() == NodeState.DRAINING,
                        gateway);
                String later = huddle(api, "later");
                assertThat(nodes.nodeOf(later)).as("no new call on a draining node").contains(other);
                assertThat(api.get("/api/v1/calls/" + call).json().get("state").asText()).isEqualTo("active");

                PackagedJar.Result exit = drained.jar().awaitExit(Duration.ofSeconds(40));
                assertThat(exit.exit()).as(exit.toString()).isZero();
                assertThat(exit.out() + exit.err()).contains("drained: ended 1 huddle(s)").doesNotContain(SECRET);
                assertThat(api.get("/api/v1/calls/" + call).json().get("state").asText()).isEqualTo("ended");
                assertThat(nodes.endReason(call)).hasValueSatisfying(r -> assertThat(r).contains("shut down"));
                assertThat(nodes.find(here).orElseThrow().state()).isEqualTo(NodeState.DOWN);
                assertThat(api.get("/api/v1/calls/" + later).json().get("state").asText()).isEqualTo("active");
            }
        }
    }

    /**
     * Issue 15, item 5 with both halves: two {@code --role gateway} processes and two nodes on one store. Huddles made
     * through either spread over the nodes; a call made through gateway 1 is joined from a page gateway 1 served, then
     * gateway 1 is killed with SIGKILL: the call's room is on a node, so its media goes on; gateway 2 reads the call,
     * mints a link to its own page for it, and that page joins the same room with media both ways; gateway 2 ends the
     * call and the node closes the room (the page says the call ended); gateway 2 takes over the periodic jobs.
     */
    @Test
    void twoGatewaysShareTheNodesAndTheLivingOneServesTheKilledOnesCalls() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            String jdbc = postgres.newDatabase();
            String name = jdbc.substring(jdbc.lastIndexOf('/') + 1, jdbc.indexOf('?'));
            String dataSource = "postgres://" + PostgresServer.USER + "@127.0.0.1:" + postgres.port() + "/" + name;
            try (Serving a = node("node-a", dataSource); Serving b = node("node-b", dataSource);
                 Serving one = Features.serve(dir.resolve("gateway-1"), cluster(dataSource), "--role", "gateway");
                 Serving two = Features.serve(dir.resolve("gateway-2"), cluster(dataSource), "--role", "gateway");
                 Database db = Database.open(jdbc)) {
                SfuNodeStore nodes = new SfuNodeStore(db);
                String first = huddle(one.api(), "first");
                String second = huddle(two.api(), "second");
                assertThat(List.of(nodes.nodeOf(first).orElseThrow(), nodes.nodeOf(second).orElseThrow()))
                        .as("the two gateways place by the nodes' load in the store: one huddle on each")
                        .containsExactlyInAnyOrder("node-a", "node-b");
                Serving firstNode = nodes.nodeOf(first).orElseThrow().equals("node-a") ? a : b;
                assertThat(two.api().get("/api/v1/calls?state=active").json().toString()).contains(first, second);

                try (HeadlessChromium chromium = HeadlessChromium.start(List.of("--disable-background-timer-throttling",
                        "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"))) {
                    HuddlePage ann = HuddlePage.open(chromium, link(one.api(), one, first, "ann"), "ann", true);
                    await("ann connected", () -> "connected".equals(ann.stats().path("state").asText()), one, ann);
                    assertThat(String.valueOf(ann.run("return window.huddle.state.info.socketUrl")))
                            .isEqualTo("ws://127.0.0.1:" + firstNode.port() + "/huddle/" + first + "/ws");

                    one.jar().kill();
                    assertThat(two.api().get("/api/v1/calls/" + first).json().get("state").asText())
                            .as("the call made through the killed gateway, read through the other").isEqualTo("active");
                    HuddlePage bob = HuddlePage.open(chromium, link(two.api(), two, first, "bob"), "bob", false);
                    mediaBetween(ann, bob, two);
                    assertThat(((Number) ann.run("return window.huddle.state.moves")).intValue())
                            .as("ann's page never had to move: its room is on the node").isZero();

                    assertThat(two.api().delete("/api/v1/calls/" + first).status()).isEqualTo(200);
                    await("both pages told the call ended", () -> "call_ended".equals(ann.stats().path("notice")
                            .asText()) && "call_ended".equals(bob.stats().path("notice").asText()), two, ann, bob);
                    assertThat(two.api().get("/api/v1/calls/" + second).json().get("state").asText())
                            .isEqualTo("active");
                    await("the living gateway runs the periodic jobs", () -> (two.jar().stdout() + two.jar().stderr())
                            .contains("now runs the periodic jobs") || (two.jar().stdout() + two.jar().stderr())
                            .contains(": running the periodic jobs"), two);
                    assertThat(two.jar().stdout() + two.jar().stderr()).doesNotContain(SECRET);
                }
            }
        }
    }

    private static String huddle(ApiClient api, String title) {
        return api.post("/api/v1/calls", "{\"title\":\"" + title + "\",\"kind\":\"huddle\","
                + "\"createdBy\":{\"userId\":\"ann\",\"name\":\"Ann\"}}").json().get("id").asText();
    }

    private static String link(ApiClient api, Serving gateway, String callId, String user) {
        String url = api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + user + "\"}").json().get("joinUrl").asText();
        assertThat(url).startsWith(gateway.url() + "/huddle/" + callId + "?token=");
        return url;
    }

    private static void mediaBetween(HuddlePage ann, HuddlePage bob, Serving gateway) {
        await("two sessions", () -> ann.sessionId() != null && bob.sessionId() != null, gateway, ann, bob);
        String a = ann.sessionId();
        String b = bob.sessionId();
        await("media both ways", () -> ann.received(b, "video") > 10 && ann.received(b, "voice") > 10
                && bob.received(a, "video") > 10 && bob.received(a, "voice") > 10, gateway, ann, bob);
    }

    private static void await(String what, BooleanSupplier done, Serving gateway, HuddlePage... pages) {
        long end = System.nanoTime() + MEDIA.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; the pages: " + List.of(pages)
                        + "\n--- the gateway's stdout\n" + gateway.jar().stdout());
            }
            PackagedJar.sleep(250);
        }
    }
}
