package io.prochat.rtc.gateway.rtcd;

import java.util.HexFormat;

/** Hand-written bytes for golden tests: hex pairs separated by spaces, as protocol write-ups show them. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String... parts) {
        return HexFormat.of().parseHex(String.join("", parts).replaceAll("\\s+", ""));
    }

    static String of(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
