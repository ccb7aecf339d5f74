package io.prochat.rtc.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.testing.FreePorts;
import io.prochat.rtc.testing.mattermost.Click;
import io.prochat.rtc.testing.mattermost.CommandForm;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import io.prochat.rtc.testing.mattermost.StubUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 at random moments while clients create and end calls, add participants and click Join: after each
 * restart on the same store, every write the gateway acknowledged is there in its acknowledged state, no create
 * is stored twice, and no acknowledged click can be replayed. The gateway runs as {@code serve --config} in a
 * child JVM ({@link GatewayProcess}); Mattermost is the WireMock stub in this JVM.
 */
class CrashRecoveryTest {
    private static final int ROUNDS = 20;
    private static final int CLIENTS = 6;
    private static final java.util.regex.Pattern JOIN_TOKEN =
            java.util.regex.Pattern.compile("[?&](?:jwt|token)=([^)&\\s]+)");

    @TempDir
    Path dir;

    /** Everything the clients were told, and what they only tried. */
    private static final class Ledger {
        final Map<String, String> callByChannel = new ConcurrentHashMap<>(); // acknowledged creates
        final Set<String> triedChannels = ConcurrentHashMap.newKeySet();     // every create sent
        final Set<String> endTried = ConcurrentHashMap.newKeySet();
        final Set<String> endAcked = ConcurrentHashMap.newKeySet();
        final Map<String, Set<String>> participantsAcked = new ConcurrentHashMap<>();
        final List<AckedClick> clicksAcked = new CopyOnWriteArrayList<>();
        final List<String> cardCalls = new CopyOnWriteArrayList<>();
        final AtomicInteger killedInFlight = new AtomicInteger();
        final Map<String, Integer> roundOf = new ConcurrentHashMap<>(); // call id or channel → round written
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final Set<String> joinTokens = ConcurrentHashMap.newKeySet(); // personal join tokens handed out
        volatile int round;
    }

    private record AckedClick(Click click, String callId, String userId, int round) {
    }

    private record Card(String postId, String callId) {
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Ledger ledger = new Ledger();
        Path log = dir.resolve("gateway.log");
        try (MattermostStub mm = MattermostStub.start()) {
            StubUser alice = mm.addUser(StubUser.of("alice", "Alice", "Anderson"));
            StubUser bob = mm.addUser(StubUser.of("bob", "Bob", "Brown"));
            int port = FreePorts.tcp();
            Path config = writeConfig(port, FreePorts.tcpAndUdp(), mm);
            List<Card> cards = new ArrayList<>();
            int verifiedCalls = 0;
            for (int round = 0; round < ROUNDS; round++) {
                try (GatewayProcess gw = GatewayProcess.start(config, port, log)) {
                    ApiClient api = new ApiClient(gw.url(), TestGateway.API_KEY);
                    // what the last round wrote, here after its kill (everything is checked once more at the end)
                    try {
                        verify(api, ledger, round - 1, "seed " + seed + ", after kill " + round);
                    } catch (AssertionError e) {
                        keepForInspection(seed);
                        throw e;
                    }
                    verifiedCalls = ledger.callByChannel.size();
                    ledger.round = round;
                    cards.add(postCard(api, mm, alice, ledger));
                    ExecutorService clients = chaos(api, mm, List.of(alice, bob), cards, ledger, random);
                    // at a random moment, with the clients still sending
                    Thread.sleep(150 + random.nextInt(450));
                    gw.kill();
                    clients.shutdown();
                    assertThat(clients.awaitTermination(20, TimeUnit.SECONDS)).as("clients stop once it is gone").isTrue();
                }
                assertThat(ledger.failures).as("seed %d: answers during round %d", seed, round).isEmpty();
            }
            try (GatewayProcess gw = GatewayProcess.start(config, port, log)) {
                verify(new ApiClient(gw.url(), TestGateway.API_KEY), ledger, 0, "seed " + seed + ", final");
            } catch (AssertionError | RuntimeException e) {
                keepForInspection(seed);
                throw e;
            }
            System.out.printf("crash test: %d rounds, %d calls acknowledged (%d sent), %d ends acknowledged, "
                            + "%d joins, %d clicks acknowledged, %d requests cut by a kill; seed %d%n", ROUNDS,
                    ledger.callByChannel.size(), ledger.triedChannels.size(), ledger.endAcked.size(),
                    ledger.participantsAcked.values().stream().mapToInt(Set::size).sum(), ledger.clicksAcked.size(),
                    ledger.killedInFlight.get(), seed);
            assertThat(ledger.callByChannel.size()).as("the clients got something done").isGreaterThan(ROUNDS);
            // no secret this run used, and no join token it was given, is in the gateway's log (all 21 runs)
            String written = Files.readString(log);
            List<String> secrets = new ArrayList<>(List.of(TestGateway.API_KEY, TestGateway.JITSI_SECRET,
                    MattermostStub.BOT_TOKEN, ChatGateway.HUDDLE_TOKEN, ChatGateway.MEET_TOKEN));
            secrets.addAll(ledger.joinTokens);
            assertThat(ledger.joinTokens).isNotEmpty();
            for (String secret : secrets) {
                assertThat(written).as("the log holds a secret").doesNotContain(secret);
            }
            assertThat(ledger.clicksAcked).as("clicks were acknowledged").isNotEmpty();
            assertThat(verifiedCalls).isPositive();
        }
    }

    /** A failing store and log are copied out of the temporary folder, to open with H2's tools. */
    private void keepForInspection(long seed) {
        Path keep = Path.of(System.getProperty("java.io.tmpdir"), "crash-recovery-" + seed);
        try (var files = Files.list(dir)) {
            Files.createDirectories(keep);
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, keep.resolve(f.getFileName()));
                }
            }
            System.out.println("crash test: store and log kept in " + keep);
        } catch (IOException e) {
            System.out.println("crash test: could not keep the store: " + e);
        }
    }

    private Path writeConfig(int port, int mediaPort, MattermostStub mm) throws IOException {
        Path file = dir.resolve("gateway.toml");
        Files.writeString(file, """
                [HTTP]
                ServerAddress = "127.0.0.1"
                ServerPort = %d
                [RTC]
                ICEHostOverride = "127.0.0.1"
                ICEPortUDP = %d
                ICEPortTCP = %d
                [Logger]
                EnableConsole = true
                ConsoleLevel = "INFO"
                [Store]
                DataSource = "%s"
                [Gateway]
                APIKeys = ["%s"]
                EndEmptyCallsAfterMinutes = 0
                EndUnusedCallsAfterHours = 0
                [Jitsi]
                URL = "https://meet.example.org"
                AppID = "prochat"
                AppSecret = "%s"
                [Mattermost]
                URL = "%s"
                BotToken = "%s"
                HuddleCommandToken = "%s"
                MeetCommandToken = "%s"
                """.formatted(port, mediaPort, mediaPort, dir.resolve("store").toAbsolutePath(), TestGateway.API_KEY,
                TestGateway.JITSI_SECRET, mm.url(), MattermostStub.BOT_TOKEN, ChatGateway.HUDDLE_TOKEN,
                ChatGateway.MEET_TOKEN));
        return file;
    }

    /** A {@code /meet} card from Alice; its call is an acknowledged create too. */
    private static Card postCard(ApiClient api, MattermostStub mm, StubUser alice, Ledger ledger) {
        Set<String> before = new HashSet<>(mm.storedPosts().keySet());
        CommandForm form = CommandForm.typed("/meet", "crash test", ChatGateway.MEET_TOKEN, alice, mm.channel, mm.url());
        HttpRequest.Builder b = api.unauthenticated("/mattermost/commands/meet")
                .POST(HttpRequest.BodyPublishers.ofString(form.body()));
        form.headers().forEach(b::header);
        assertThat(api.send(b).status()).isEqualTo(200);
        Set<String> after = ChatGateway.eventually(() -> {
            Set<String> now = new HashSet<>(mm.storedPosts().keySet());
            now.removeAll(before);
            return now;
        }, s -> !s.isEmpty());
        assertThat(after).as("the bot posted the card").hasSize(1);
        String postId = after.iterator().next();
        String callId = mm.storedPost(postId).at("/props/prochat_call_id").asText();
        ledger.cardCalls.add(callId);
        ledger.roundOf.put(callId, ledger.round);
        return new Card(postId, callId);
    }

    /** {@code CLIENTS} threads doing random writes until the gateway is gone; what was answered goes in the ledger. */
    private static ExecutorService chaos(ApiClient api, MattermostStub mm, List<StubUser> users, List<Card> cards,
                                         Ledger ledger, Random random) {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long seed = random.nextLong();
        for (int t = 0; t < CLIENTS; t++) {
            Random r = new Random(seed + t);
            pool.execute(() -> {
                while (true) {
                    try {
                        step(api, mm, users, cards, ledger, r);
                    } catch (UncheckedIOException e) { // cut by the kill: neither acknowledged nor refused
                        ledger.killedInFlight.incrementAndGet();
                        return;
                    } catch (Throwable e) {
                        ledger.failures.add(e);
                        return;
                    }
                }
            });
        }
        return pool;
    }

    private static void step(ApiClient api, MattermostStub mm, List<StubUser> users, List<Card> cards, Ledger ledger,
                             Random r) {
        int op = r.nextInt(100);
        List<String> acked = new ArrayList<>(ledger.callByChannel.values());
        if (op < 45 || acked.isEmpty()) {
            String channel = "crash-" + Long.toHexString(r.nextLong());
            ledger.roundOf.put(channel, ledger.round);
            ledger.triedChannels.add(channel);
            String body = r.nextBoolean()
                    ? "{\"channelId\":\"%s\",\"title\":\"t\",\"kind\":\"meeting\",\"createdBy\":{\"userId\":\"u-a\",\"name\":\"A\"}}"
                    : "{\"channelId\":\"%s\",\"title\":\"h\",\"kind\":\"huddle\",\"createdBy\":{\"userId\":\"u-b\",\"name\":\"B\"}}";
            ApiClient.Answer a = api.post("/api/v1/calls", body.formatted(channel));
            assertThat(a.status()).as(a.body()).isEqualTo(201);
            String id = a.json().get("id").asText();
            ledger.roundOf.put(id, ledger.round);
            ledger.roundOf.put(channel, ledger.round);
            ledger.callByChannel.put(channel, id);
        } else if (op < 60) {
            String id = acked.get(r.nextInt(acked.size()));
            if (!ledger.endTried.add(id)) {
                return;
            }
            ApiClient.Answer a = api.delete("/api/v1/calls/" + id);
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            ledger.endAcked.add(id);
            ledger.roundOf.put(id, ledger.round); // checked again after this round's kill
        } else if (op < 78) {
            String id = acked.get(r.nextInt(acked.size()));
            String user = "u-" + r.nextInt(1000);
            ApiClient.Answer a = api.post("/api/v1/calls/" + id + "/participants",
                    "{\"userId\":\"" + user + "\",\"name\":\"P\"}");
            if (a.status() == 409) { // ended meanwhile: an honest refusal
                return;
            }
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            ledger.participantsAcked.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(user);
            ledger.roundOf.put(id, ledger.round);
        } else {
            Card card = cards.get(r.nextInt(cards.size()));
            StubUser user = users.get(r.nextInt(users.size()));
            Click click = mm.click(card.postId(), "join", user);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(click.url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(click.body().toString()));
            ApiClient.Answer a = api.send(b);
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            String text = a.json().path("ephemeral_text").asText();
            assertThat(text).startsWith("Your own link");
            java.util.regex.Matcher m = JOIN_TOKEN.matcher(text);
            while (m.find()) {
                ledger.joinTokens.add(m.group(1));
            }
            ledger.clicksAcked.add(new AckedClick(click, card.callId(), user.id(), ledger.round));
        }
    }

    /** Checks what was written in {@code since} or later. */
    private static void verify(ApiClient api, Ledger ledger, int since, String when) {
        for (Map.Entry<String, String> e : ledger.callByChannel.entrySet()) {
            String id = e.getValue();
            if (ledger.roundOf.getOrDefault(id, 0) < since) {
                continue;
            }
            ApiClient.Answer a = api.get("/api/v1/calls/" + id);
            assertThat(a.status()).as("%s: acknowledged call %s is there", when, id).isEqualTo(200);
            JsonNode call = a.json();
            String state = call.get("state").asText();
            if (ledger.endAcked.contains(id)) {
                assertThat(state).as("%s: call %s, whose end was acknowledged", when, id).isEqualTo("ended");
            } else if (!ledger.endTried.contains(id)) {
                assertThat(state).as("%s: call %s, never ended", when, id).isEqualTo("active");
            }
            Set<String> present = new HashSet<>();
            call.path("participants").forEach(p -> present.add(p.get("userId").asText()));
            assertThat(present).as("%s: acknowledged joins of call %s", when, id)
                    .containsAll(ledger.participantsAcked.getOrDefault(id, Set.of()));
        }
        for (String channel : ledger.triedChannels) {
            if (ledger.roundOf.getOrDefault(channel, 0) < since) {
                continue;
            }
            ApiClient.Answer listed = api.get("/api/v1/calls?channelId=" + channel);
            assertThat(listed.status()).as("%s: the list of %s: %s", when, channel, listed.body()).isEqualTo(200);
            JsonNode list = listed.json().get("calls");
            int expected = ledger.callByChannel.containsKey(channel) ? 1 : list.size();
            assertThat(list.size()).as("%s: calls stored for one create sent to %s", when, channel)
                    .isEqualTo(expected).isLessThanOrEqualTo(1);
        }
        for (String id : ledger.cardCalls) {
            assertThat(api.get("/api/v1/calls/" + id).status()).as("%s: the call of an acknowledged /meet", when)
                    .isEqualTo(200);
        }
        for (AckedClick c : ledger.clicksAcked) {
            if (c.round() < since) {
                continue;
            }
            JsonNode call = api.get("/api/v1/calls/" + c.callId()).json();
            Set<String> present = new HashSet<>();
            call.path("participants").forEach(p -> present.add(p.get("userId").asText()));
            assertThat(present).as("%s: the user of an acknowledged Join click", when).contains(c.userId());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.click().url())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(c.click().body().toString()));
            ApiClient.Answer replay = api.send(b);
            assertThat(replay.status()).as("%s: a replayed acknowledged click: %s", when, replay.body()).isEqualTo(409);
        }
    }
}
