package io.prochat.rtc.sfu.sdp;

import java.util.List;

/**
 * {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>} (RFC 8866 §5.2).
 * Chrome writes {@code o=- 4611731400430051336 2 IN IP4 127.0.0.1}. RFC 8829 §5.2.1: the session id
 * stays for the session's life, the version goes up by one with each new description.
 *
 * @param sessionId digits, kept as text (it may exceed a long)
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType, String addrType,
                     String address) {
    public Origin {
        Tokens.checkWord(username, "origin username");
        if (!isDigits(sessionId)) {
            throw new IllegalArgumentException("bad session id: \"" + sessionId + "\"");
        }
        Tokens.checkRange(sessionVersion, 0, Long.MAX_VALUE, "session version");
        Tokens.checkWord(netType, "nettype");
        Tokens.checkWord(addrType, "addrtype");
        Tokens.checkWord(address, "origin address");
    }

    /** The origin of a new description: same fields, version plus one. */
    public Origin nextVersion() {
        return new Origin(username, sessionId, sessionVersion + 1, netType, addrType, address);
    }

    static Origin parse(String value) throws SdpParseException {
        List<String> p = Tokens.split(value, "o=");
        if (p.size() != 6) {
            throw new SdpParseException("o= needs six fields");
        }
        if (!isDigits(p.get(1))) {
            throw new SdpParseException("bad session id \"" + p.get(1) + "\"");
        }
        long version = Tokens.parseLong(p.get(2), 0, Long.MAX_VALUE, "session version");
        return new Origin(p.get(0), p.get(1), version, p.get(3), p.get(4), p.get(5));
    }

    private static boolean isDigits(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value after {@code o=}. */
    public String fieldValue() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addrType + " " + address;
    }
}
