package io.prochat.rtc.jitsi.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens checked by java-jwt's verifier and, claim by claim, against what Prosody accepts. */
class JitsiTokensTest {

    static final String SECRET = "s3cret-shared-with-prosody";
    static final Instant NOW = Instant.parse("2030-05-06T07:08:09Z");
    static final Clock CLOCK = Clock.fixed(NOW.plusMillis(750), ZoneOffset.UTC);
    static final Duration VALIDITY = Duration.ofMinutes(30);
    static final JitsiUser ADA = new JitsiUser("u-ada", "Ada Lovelace", "ada@example.com", "https://chat/ada.png");
    static final ObjectMapper JSON = new ObjectMapper();

    final JitsiTokens tokens = new JitsiTokens("prochat", SECRET, "jitsi", "meet.jitsi", VALIDITY, CLOCK);

    static JsonNode part(String jwt, int index) throws Exception {
        byte[] raw = Base64.getUrlDecoder().decode(jwt.split("\\.")[index]);
        return JSON.readTree(new String(raw, StandardCharsets.UTF_8));
    }

    static JWTVerifier verifier(String secret, Clock clock) {
        return ((JWTVerifier.BaseVerification) JWT.require(Algorithm.HMAC256(secret))
                .withIssuer("prochat").withAudience("jitsi").withSubject("meet.jitsi")
                .withClaim("room", "standup-k2x9")).build(clock);
    }

    @Test
    void verifiesWithJavaJwtAndTheSharedSecret() {
        String jwt = tokens.mint("standup-k2x9", ADA, true, MeetingFeatures.forMeeting(false));
        DecodedJWT decoded = verifier(SECRET, CLOCK).verify(jwt);
        assertThat(decoded.getAlgorithm()).isEqualTo("HS256");
        assertThat(decoded.getType()).isEqualTo("JWT");
    }

    @Test
    void headerIsExactlyHs256Jwt() throws Exception {
        JsonNode header = part(tokens.mint("r1", ADA, false, MeetingFeatures.forMeeting(false)), 0);
        assertThat(header.get("typ").isTextual()).isTrue();
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        assertThat(header.get("alg").asText()).isEqualTo("HS256");
    }

    @Test
    void claimsFollowProsodyRules() throws Exception {
        SignedToken token = tokens.issue("standup-k2x9", ADA, false, MeetingFeatures.forMeeting(false));
        JsonNode p = part(token.value(), 1);
        assertThat(p.get("iss").asText()).isEqualTo("prochat");
        assertThat(p.get("aud").isTextual()).as("aud must be a JSON string, not an array").isTrue();
        assertThat(p.get("aud").asText()).isEqualTo("jitsi");
        assertThat(p.get("sub").asText()).isEqualTo("meet.jitsi");
        assertThat(p.get("room").asText()).isEqualTo("standup-k2x9");
        long iat = p.get("iat").asLong();
        assertThat(iat).isEqualTo(NOW.getEpochSecond());
        assertThat(p.get("exp").isIntegralNumber()).isTrue();
        assertThat(p.get("exp").asLong()).isEqualTo(iat + VALIDITY.toSeconds());
        assertThat(p.get("nbf").asLong()).isLessThanOrEqualTo(iat).isEqualTo(iat - 30);
        assertThat(token.issuedAt()).isEqualTo(NOW);
        assertThat(token.expiresAt()).isEqualTo(NOW.plus(VALIDITY));
        assertThat(p.has("context")).isTrue();
        assertThat(p.get("context").has("group")).isFalse();
    }

    @Test
    void contextUserFieldsAreAllStringsEvenWhenMissing() throws Exception {
        JitsiUser bare = new JitsiUser("u-bob", "Bob", null, null);
        JsonNode user = part(tokens.mint("r1", bare, false, MeetingFeatures.forMeeting(false)), 1)
                .get("context").get("user");
        for (String field : List.of("id", "name", "email", "avatar")) {
            assertThat(user.get(field).isTextual()).as(field).isTrue();
        }
        assertThat(user.get("id").asText()).isEqualTo("u-bob");
        assertThat(user.get("name").asText()).isEqualTo("Bob");
        assertThat(user.get("email").asText()).isEmpty();
        assertThat(user.get("avatar").asText()).isEmpty();
    }

    @Test
    void moderatorIsAnOwnerAndOthersAreMembers() throws Exception {
        JsonNode host = part(tokens.mint("r1", ADA, true, MeetingFeatures.forMeeting(false)), 1).get("context").get("user");
        JsonNode guest = part(tokens.mint("r1", ADA, false, MeetingFeatures.forMeeting(false)), 1).get("context").get("user");
        assertThat(host.get("moderator").isBoolean()).isTrue();
        assertThat(host.get("moderator").asBoolean()).isTrue();
        assertThat(host.get("affiliation").asText()).isEqualTo("owner");
        assertThat(guest.get("moderator").asBoolean()).isFalse();
        assertThat(guest.get("affiliation").asText()).isEqualTo("member");
    }

    @Test
    void featuresAreBooleansAndAlwaysListScreenSharing() throws Exception {
        JsonNode f = part(tokens.mint("r1", ADA, true, MeetingFeatures.forMeeting(true)), 1).get("context").get("features");
        assertThat(f.size()).isEqualTo(4);
        for (String key : List.of("recording", "livestreaming", "screen-sharing", "transcription")) {
            assertThat(f.get(key)).as(key).isNotNull();
            assertThat(f.get(key).isBoolean()).as(key).isTrue();
        }
        assertThat(f.get("recording").asBoolean()).isTrue();
        assertThat(f.get("screen-sharing").asBoolean()).isTrue();
        assertThat(f.get("livestreaming").asBoolean()).isFalse();
        JsonNode off = part(tokens.mint("r1", ADA, true, MeetingFeatures.forMeeting(false)), 1).get("context").get("features");
        assertThat(off.get("recording").asBoolean()).isFalse();
    }

    @Test
    void eachParticipantGetsTheirOwnIdentity() throws Exception {
        JitsiUser bob = new JitsiUser("u-bob", "Bob", "bob@example.com", null);
        JsonNode a = part(tokens.mint("r1", ADA, true, MeetingFeatures.forMeeting(false)), 1).get("context").get("user");
        JsonNode b = part(tokens.mint("r1", bob, false, MeetingFeatures.forMeeting(false)), 1).get("context").get("user");
        assertThat(a.get("id").asText()).isEqualTo("u-ada");
        assertThat(b.get("id").asText()).isEqualTo("u-bob");
        assertThat(b.get("email").asText()).isEqualTo("bob@example.com");
    }

    @Test
    void roomIsLowercasedLikeProsodyDoes() throws Exception {
        assertThat(part(tokens.mint("StandUp-K2X9", ADA, false, MeetingFeatures.forMeeting(false)), 1)
                .get("room").asText()).isEqualTo("standup-k2x9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "room@conference.meet.jitsi", "a/b", "../etc", "*", "room name", "-lead",
            "r\u00e9union", "this-room-name-is-far-too-long-for-a-jid-node-and-a-url-0123456789"})
    void refusesAnythingButAPlainRoomNode(String room) {
        assertThatThrownBy(() -> tokens.mint(room, ADA, false, MeetingFeatures.forMeeting(false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room");
    }

    @Test
    void expiredTokenIsRefused() {
        Clock past = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
        String old = new JitsiTokens("prochat", SECRET, "jitsi", "meet.jitsi", VALIDITY, past)
                .mint("standup-k2x9", ADA, false, MeetingFeatures.forMeeting(false));
        assertThatThrownBy(() -> verifier(SECRET, Clock.systemUTC()).verify(old))
                .isInstanceOf(TokenExpiredException.class);
    }

    @Test
    void tokenIsRefusedAtTheExactExpiryInstant() {
        String jwt = tokens.mint("standup-k2x9", ADA, false, MeetingFeatures.forMeeting(false));
        Clock atExpiry = Clock.fixed(NOW.plus(VALIDITY), ZoneOffset.UTC);
        Clock justBefore = Clock.fixed(NOW.plus(VALIDITY).minusSeconds(1), ZoneOffset.UTC);
        verifier(SECRET, justBefore).verify(jwt);
        assertThatThrownBy(() -> verifier(SECRET, atExpiry).verify(jwt)).isInstanceOf(TokenExpiredException.class);
    }

    @Test
    void wrongSecretIsRefused() {
        String jwt = tokens.mint("standup-k2x9", ADA, false, MeetingFeatures.forMeeting(false));
        assertThatThrownBy(() -> verifier("not-the-secret", CLOCK).verify(jwt))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void refusesBadConfigurationWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> new JitsiTokens("prochat", " ", "jitsi", "*", VALIDITY, CLOCK))
                .hasMessageContaining("appSecret");
        assertThatThrownBy(() -> new JitsiTokens("prochat", SECRET, "jitsi", "*", Duration.ofMillis(500), CLOCK))
                .hasMessageContaining("validity").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> new JitsiTokens("", SECRET, "jitsi", "*", VALIDITY, CLOCK))
                .hasMessageContaining("appId").hasMessageNotContaining(SECRET);
    }

    @Test
    void signedTokenHidesItsValue() {
        SignedToken token = tokens.issue("r1", ADA, false, MeetingFeatures.forMeeting(false));
        assertThat(token.toString()).doesNotContain(token.value()).contains("redacted");
    }

    @Test
    void userNeedsIdAndName() {
        assertThatThrownBy(() -> new JitsiUser(" ", "Ada", null, null)).hasMessageContaining("id");
        assertThatThrownBy(() -> new JitsiUser("u1", "", null, null)).hasMessageContaining("name");
    }
}
