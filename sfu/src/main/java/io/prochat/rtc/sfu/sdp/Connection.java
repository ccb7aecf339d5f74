package io.prochat.rtc.sfu.sdp;

import java.util.List;

/**
 * {@code c=<nettype> <addrtype> <address>} (RFC 8866 §5.7). WebRTC m-lines carry the dummy
 * {@code c=IN IP4 0.0.0.0}; the real addresses travel in candidates.
 *
 * @param address the connection address as written (multicast {@code /ttl} suffixes kept)
 */
public record Connection(String netType, String addrType, String address) implements SdpField {
    /** The placeholder JSEP writes (RFC 8829 §5.2.1). */
    public static final Connection DUMMY = new Connection("IN", "IP4", "0.0.0.0");

    public Connection {
        Tokens.checkWord(netType, "nettype");
        Tokens.checkWord(addrType, "addrtype");
        Tokens.checkWord(address, "connection address");
    }

    static Connection parse(String value) throws SdpParseException {
        List<String> parts = Tokens.split(value, "c=");
        if (parts.size() != 3) {
            throw new SdpParseException("c= needs \"<nettype> <addrtype> <address>\"");
        }
        return new Connection(parts.get(0), parts.get(1), parts.get(2));
    }

    @Override
    public char letter() {
        return 'c';
    }

    @Override
    public String fieldValue() {
        return netType + " " + addrType + " " + address;
    }
}
