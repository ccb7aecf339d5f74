package io.prochat.rtc.jitsi.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RoomNamerTest {

    /** What Prosody, Jitsi's router and a URL path all accept: lowercase words joined by single dashes. */
    static final String SAFE = "[a-z0-9]+(-[a-z0-9]+)*";
    static final String SUFFIX = "-[a-z0-9]{12}";

    final RoomNamer namer = new RoomNamer(new SecureRandom());

    static void assertSafe(String name) {
        assertThat(name).matches(SAFE).hasSizeBetween(1, RoomNamer.MAX_LENGTH);
    }

    @Test
    void wordsAreThreeWordsAndASuffix() {
        String name = namer.roomName(NamingScheme.WORDS, RoomNameInput.ofTitle("ignored topic"));
        assertThat(name).matches("[a-z]+-[a-z]+-[a-z]+" + SUFFIX).doesNotContain("ignored");
    }

    @Test
    void uuidIsARandomVersion4Uuid() {
        assertThat(namer.roomName(NamingScheme.UUID, RoomNameInput.EMPTY))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void mattermostIsTeamThenChannelThenSuffix() {
        String name = namer.roomName(NamingScheme.MATTERMOST, new RoomNameInput("Topic", "Acme Corp", "town-square"));
        assertThat(name).matches("acme-corp-town-square" + SUFFIX);
    }

    @Test
    void mattermostUsesWhicheverPartExists() {
        assertThat(namer.roomName(NamingScheme.MATTERMOST, new RoomNameInput(null, " ", "Dev_Ops")))
                .matches("dev-ops" + SUFFIX);
    }

    @Test
    void askSlugsTheTopicWithAccentsTransliterated() {
        assertThat(namer.roomName(NamingScheme.ASK, RoomNameInput.ofTitle("  Café Ünïcode -- Straße, Ørsted's  plan! ")))
                .matches("cafe-unicode-strasse-orsteds-plan" + SUFFIX);
    }

    @ParameterizedTest
    @EnumSource(value = NamingScheme.class, names = {"ASK", "MATTERMOST"})
    void emptyInputFallsBackToWords(NamingScheme scheme) {
        for (RoomNameInput in : new RoomNameInput[] {null, RoomNameInput.EMPTY, new RoomNameInput(" \t", "", "\n"),
                new RoomNameInput("🎉🔥", "Привет", "会议")}) {
            assertThat(namer.roomName(scheme, in)).matches("[a-z]+-[a-z]+-[a-z]+" + SUFFIX);
        }
    }

    static Stream<Arguments> hostileInputs() {
        Stream<String> texts = Stream.of("🎉 party 🎉", "../../etc/passwd", "?#&%=;/\\\"'<>", "a".repeat(500),
                "Ab ".repeat(200), "", "   ", "%2e%2e%2f", "room@conference.meet.jitsi", "\u0000\u202e\u200bevil",
                "ＦＵＬＬＷＩＤＴＨ ﬁle", "İstanbul ǅ", "-----", "x", "\ud83d");
        return texts.flatMap(t -> Stream.of(NamingScheme.values()).flatMap(s -> Stream.of(
                Arguments.of(s, new RoomNameInput(t, t, t)), Arguments.of(s, new RoomNameInput(t, null, t)))));
    }

    @ParameterizedTest
    @MethodSource("hostileInputs")
    void hostileInputsGiveSafeNames(NamingScheme scheme, RoomNameInput in) {
        String name = namer.roomName(scheme, in);
        assertSafe(name);
        assertThat(name).doesNotContain("..", "/", "%", "@", "?", "#");
        assertThat(name).matches(".*(" + SUFFIX + "|-[0-9a-f]{12})");
    }

    @Test
    void longInputsAreCutButKeepTheFullSuffix() {
        String name = namer.roomName(NamingScheme.ASK, RoomNameInput.ofTitle("quarterly planning ".repeat(40)));
        assertSafe(name);
        assertThat(name).startsWith("quarterly-planning-").matches(".*" + SUFFIX).hasSizeLessThanOrEqualTo(64);
        String both = namer.roomName(NamingScheme.MATTERMOST, new RoomNameInput(null, "t".repeat(300), "c".repeat(300)));
        assertSafe(both);
        assertThat(both).matches("t+" + SUFFIX);
    }

    @ParameterizedTest
    @EnumSource(NamingScheme.class)
    void namesAreUniqueAcrossManyCalls(NamingScheme scheme) {
        Set<String> seen = new HashSet<>();
        RoomNameInput in = new RoomNameInput("Weekly sync", "acme", "town-square");
        for (int i = 0; i < 5_000; i++) {
            String name = namer.roomName(scheme, in);
            assertSafe(name);
            assertThat(seen.add(name)).as("duplicate %s", name).isTrue();
        }
    }

    @Test
    void theInjectedGeneratorIsTheOnlySourceOfRandomness() {
        for (NamingScheme scheme : NamingScheme.values()) {
            String a = new RoomNamer(new SplittableRandom(7)).roomName(scheme, RoomNameInput.ofTitle("x"));
            String b = new RoomNamer(new SplittableRandom(7)).roomName(scheme, RoomNameInput.ofTitle("x"));
            assertThat(a).as(scheme.configName()).isEqualTo(b);
        }
    }
}
