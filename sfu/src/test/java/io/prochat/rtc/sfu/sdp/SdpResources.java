package io.prochat.rtc.sfu.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The captured-shape offers under {@code src/test/resources/sdp}. */
final class SdpResources {
    static final String CHROMIUM = "chromium-offer.sdp";
    static final String CHROMIUM_SIMULCAST = "chromium-simulcast-offer.sdp";
    static final String FIREFOX = "firefox-offer.sdp";
    static final List<String> ALL = List.of(CHROMIUM, CHROMIUM_SIMULCAST, FIREFOX);

    private SdpResources() {
    }

    static String text(String name) {
        try (InputStream in = SdpResources.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /sdp/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parsed(String name) {
        try {
            return SessionDescription.parse(text(name));
        } catch (SdpParseException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }
}
