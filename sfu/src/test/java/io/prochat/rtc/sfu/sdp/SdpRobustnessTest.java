package io.prochat.rtc.sfu.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random SDP never makes the parser throw anything but SdpParseException, and whatever
 * it accepts writes back to text that reads as an equal model. Seeded, so a failure reproduces.
 */
class SdpRobustnessTest {
    private static final String[] PIECES = {
        " ", ":", "=", "/", ";", ",", "~", "*", "-", "a=", "m=", "\r\n", "\n", "\r", "\0", "é", "\t", "0", "1", "9",
        "111", "65536", "4294967296", "99999999999999999999", "typ", "host", "raddr", "rport", "send", "recv",
        "sha-256", "AB:", "rtpmap", "fmtp", "apt=", "rtcp-fb", "extmap", "ssrc", "cname:", "candidate", "simulcast",
        "rid", "setup", "actpass", "mid", "msid", "group", "BUNDLE", "ice-ufrag", "sctp-port", "IN", "IP4", "udp",
    };
    private static final String[] NAMES = {
        "rtpmap", "fmtp", "rtcp-fb", "extmap", "fingerprint", "ssrc", "ssrc-group", "rid", "simulcast", "candidate",
        "setup", "mid", "msid", "ice-ufrag", "ice-pwd", "group", "sctp-port", "max-message-size", "sendrecv", "x-other",
    };

    @Test
    void mutatedBrowserOffers() {
        Random random = new Random(0x5D9);
        List<String> offers = SdpResources.ALL.stream().map(SdpResources::text).toList();
        for (int i = 0; i < 2_500; i++) {
            StringBuilder text = new StringBuilder(offers.get(random.nextInt(offers.size())));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                mutate(text, random);
            }
            check(text.toString());
        }
    }

    @Test
    void truncatedOffers() {
        String offer = SdpResources.text(SdpResources.CHROMIUM_SIMULCAST);
        for (int end = 0; end <= offer.length(); end++) {
            check(offer.substring(0, end));
        }
    }

    @Test
    void randomDocumentsFromSdpPieces() {
        Random random = new Random(42);
        for (int i = 0; i < 6_000; i++) {
            StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "" : "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n");
            int lines = random.nextInt(12);
            for (int l = 0; l < lines; l++) {
                text.append(random.nextBoolean() ? "a=" + NAMES[random.nextInt(NAMES.length)] + ":" : "");
                text.append(randomPieces(random, 1 + random.nextInt(10))).append("\r\n");
            }
            check(text.toString());
        }
    }

    @Test
    void randomAttributeValues() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            String value = random.nextInt(8) == 0 ? null : randomPieces(random, random.nextInt(9));
            try {
                SdpAttribute attribute = SdpAttribute.parse(name, value);
                assertThat(SdpAttribute.parse(attribute.line())).isEqualTo(attribute);
            } catch (SdpParseException expected) {
                assertThat(expected.getMessage()).isNotNull();
            } catch (RuntimeException e) {
                fail("a=" + name + (value == null ? "" : ":" + value) + " threw " + e, e);
            }
        }
    }

    private static void check(String sdp) {
        SessionDescription parsed;
        try {
            parsed = SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            assertThat(e.lineNumber()).isPositive();
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("parser threw " + e + " for:\n" + sdp, e);
        }
        try {
            assertThat(SessionDescription.parse(parsed.toString())).isEqualTo(parsed);
        } catch (SdpParseException e) {
            throw new AssertionError("could not re-read what was written: " + e.getMessage() + "\n" + parsed, e);
        }
    }

    private static void mutate(StringBuilder text, Random random) {
        if (text.length() == 0) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
            return;
        }
        int at = random.nextInt(text.length());
        switch (random.nextInt(5)) {
            case 0 -> text.setLength(at);
            case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(20)));
            case 2 -> text.insert(at, PIECES[random.nextInt(PIECES.length)]);
            case 3 -> text.setCharAt(at, (char) random.nextInt(128));
            default -> {
                int lineStart = text.lastIndexOf("\n", at) + 1;
                int lineEnd = text.indexOf("\n", at);
                String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1);
                text.insert(random.nextInt(text.length()), line);
            }
        }
    }

    private static String randomPieces(Random random, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(random.nextInt(3) == 0 ? Character.toString('!' + random.nextInt(94))
                    : PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }
}
