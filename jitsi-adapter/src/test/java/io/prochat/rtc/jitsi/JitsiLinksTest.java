package io.prochat.rtc.jitsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.jitsi.token.JitsiUser;
import io.prochat.rtc.jitsi.token.MeetingFeatures;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JitsiLinksTest {

    static final Instant NOW = Instant.parse("2030-05-06T07:08:09Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Duration VALIDITY = Duration.ofMinutes(45);
    static final JitsiUser ADA = new JitsiUser("u-ada", "Ada Lovelace", null, null);
    static final MeetingFeatures FEATURES = MeetingFeatures.forMeeting(false);

    static JitsiLinks links(String base, String appId, String tenant) {
        String secret = appId.isEmpty() ? "" : "s3cret";
        return new JitsiLinks(new JitsiSettings(URI.create(base), appId, secret, "", "", tenant, VALIDITY), CLOCK);
    }

    /**
     * Reads the fragment the way Jitsi Meet does: split on '&' and '=', percent-decode, map
     * typographic quotes to ASCII and "\&" to "&", then parse the value as JSON.
     */
    static Map<String, String> jitsiOverrides(URI url) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : url.getRawFragment().split("&")) {
            String[] kv = pair.split("=");
            String decoded = URLDecoder.decode(kv[1], StandardCharsets.UTF_8).replaceFirst("\\\\&", "&")
                    .replaceAll("[\u2018\u2019]", "'").replaceAll("[\u201C\u201D]", "\"");
            out.put(kv[0], new ObjectMapper().readValue(decoded, String.class));
        }
        return out;
    }

    @Test
    void signedLinkCarriesAPersonalTokenAndItsExpiry() {
        JoinLink link = links("https://meet.example.com", "prochat", "").link("standup-k2x9", ADA, true, FEATURES, "Standup");
        assertThat(link.url().toString())
                .startsWith("https://meet.example.com/standup-k2x9?jwt=" + link.token() + "#");
        assertThat(link.url().getRawQuery()).isEqualTo("jwt=" + link.token());
        assertThat(link.expiresAt()).isEqualTo(NOW.plus(VALIDITY));
        JWTVerifier verifier = ((JWTVerifier.BaseVerification) JWT.require(Algorithm.HMAC256("s3cret"))
                .withIssuer("prochat").withAudience("prochat").withSubject("*")).build(CLOCK);
        DecodedJWT jwt = verifier.verify(link.token());
        assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(link.expiresAt());
        assertThat(jwt.getClaim("room").asString()).isEqualTo("standup-k2x9");
    }

    @Test
    void unsignedLinkHasNoJwtParameter() {
        JoinLink link = links("https://meet.example.com", "", "").link("standup-k2x9", ADA, true, FEATURES, "Standup");
        assertThat(link.token()).isNull();
        assertThat(link.expiresAt()).isNull();
        assertThat(link.signed()).isFalse();
        assertThat(link.url().getRawQuery()).isNull();
        assertThat(link.url().toString()).doesNotContain("jwt").startsWith("https://meet.example.com/standup-k2x9#");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://meet.example.com", "https://meet.example.com/", "https://meet.example.com//"})
    void trailingSlashesInTheBaseUrlAreIgnored(String base) {
        assertThat(links(base, "", "").link("r1", ADA, false, FEATURES, null).url().getRawPath()).isEqualTo("/r1");
    }

    @Test
    void tenantAndPathPrefixBecomePathSegments() throws Exception {
        JoinLink link = links("https://example.com/jitsi/", "prochat", "/Acme/").link("Room-1", ADA, false, FEATURES, null);
        assertThat(link.url().getScheme()).isEqualTo("https");
        assertThat(link.url().getHost()).isEqualTo("example.com");
        assertThat(link.url().getRawPath()).isEqualTo("/jitsi/acme/room-1");
        DecodedJWT jwt = JWT.decode(link.token());
        assertThat(jwt.getSubject()).as("sub falls back to the tenant").isEqualTo("acme");
        assertThat(jwt.getClaim("room").asString()).isEqualTo("room-1");
    }

    @Test
    void fragmentSetsSubjectAndDisplayNameAsJitsiReadsThem() throws Exception {
        JoinLink link = links("https://meet.example.com", "prochat", "").link("r1", ADA, false, FEATURES, "Weekly sync");
        assertThat(link.url().getRawFragment())
                .isEqualTo("config.subject=%22Weekly%20sync%22&userInfo.displayName=%22Ada%20Lovelace%22");
        assertThat(jitsiOverrides(link.url()))
                .containsExactly(Map.entry("config.subject", "Weekly sync"), Map.entry("userInfo.displayName", "Ada Lovelace"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q&A = \"fun\" #1 100% ?x", "back\\slash \\& amp", "“curly” ‘quotes’", "🎉 Ünïcode 会议",
            "line\nbreak\ttab", "../../etc/passwd"})
    void hostileTitlesAndNamesSurviveTheFragmentIntact(String text) throws Exception {
        JitsiUser odd = new JitsiUser("u-x", text, null, null);
        JoinLink link = links("https://meet.example.com", "prochat", "").link("r1", odd, false, FEATURES, text);
        assertThat(link.url().getRawFragment()).matches("[A-Za-z0-9._~%=&-]+");
        assertThat(link.url().getRawPath()).isEqualTo("/r1");
        assertThat(link.url().getRawQuery()).isEqualTo("jwt=" + link.token());
        assertThat(jitsiOverrides(link.url()))
                .containsExactly(Map.entry("config.subject", text.strip()), Map.entry("userInfo.displayName", text));
    }

    @Test
    void blankTitleLeavesSubjectOut() throws Exception {
        JoinLink link = links("https://meet.example.com", "", "").link("r1", ADA, false, FEATURES, "  ");
        assertThat(jitsiOverrides(link.url())).containsOnlyKeys("userInfo.displayName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x", "r1?jwt=forged", "r1#x", "room@conference.meet.jitsi", "a b"})
    void unsafeRoomsAreRefusedEvenWithoutTokens(String room) {
        assertThatThrownBy(() -> links("https://meet.example.com", "", "").link(room, ADA, false, FEATURES, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room");
    }

    @Test
    void linkHidesItsTokenWhenPrinted() {
        JoinLink link = links("https://meet.example.com", "prochat", "").link("r1", ADA, false, FEATURES, "x");
        assertThat(link.toString()).doesNotContain(link.token()).contains("https://meet.example.com/r1", "redacted");
    }
}
