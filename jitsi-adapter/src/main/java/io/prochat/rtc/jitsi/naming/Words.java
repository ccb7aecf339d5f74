package io.prochat.rtc.jitsi.naming;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Small word lists for readable room names. The words only make a name easy to say aloud; its
 * secrecy comes from the random suffix, so the lists can stay short. All entries are lowercase ASCII
 * and at most ten letters, which keeps a words name well under the length limit.
 */
final class Words {

    private static final List<String> ADJECTIVES = List.of(
            "amber", "bold", "brisk", "calm", "clever", "cosy", "crisp", "eager", "fair", "gentle",
            "golden", "happy", "keen", "kind", "lively", "lucky", "mellow", "merry", "nimble", "proud",
            "quick", "quiet", "rapid", "sunny", "steady", "swift", "tidy", "vivid", "warm", "witty",
            "young", "zesty");

    private static final List<String> NOUNS = List.of(
            "badger", "beacon", "cedar", "comet", "condor", "falcon", "fjord", "harbor", "heron", "island",
            "lantern", "maple", "meadow", "otter", "panda", "pebble", "pine", "planet", "raven", "river",
            "robin", "saturn", "summit", "tiger", "tulip", "valley", "walrus", "willow", "wombat", "zebra",
            "canyon", "glacier");

    private static final List<String> VERBS = List.of(
            "builds", "chats", "dances", "dreams", "drifts", "explores", "gathers", "glows", "hums",
            "jumps", "laughs", "listens", "meets", "plans", "plays", "reads", "rests", "roams", "sails",
            "shines", "sings", "sketches", "soars", "speaks", "swims", "thinks", "travels", "waves",
            "whistles", "wanders", "writes", "yodels");

    private Words() {
    }

    /** {@code adjective-noun-verb}, each word drawn from {@code rnd}. */
    static String phrase(RandomGenerator rnd) {
        return pick(ADJECTIVES, rnd) + "-" + pick(NOUNS, rnd) + "-" + pick(VERBS, rnd);
    }

    private static String pick(List<String> words, RandomGenerator rnd) {
        return words.get(rnd.nextInt(words.size()));
    }
}
