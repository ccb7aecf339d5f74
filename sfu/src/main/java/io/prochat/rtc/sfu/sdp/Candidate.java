package io.prochat.rtc.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
 * [raddr <address>] [rport <port>] *(<name> <value>)} (RFC 8839 §5.1). Chrome adds extensions such
 * as {@code generation 0 ufrag AbCd network-id 1}; ICE-TCP candidates carry {@code tcptype}.
 *
 * <p>{@link #parse(String)} also takes the trickled form {@code candidate:...} that browsers put in
 * {@code RTCIceCandidate.candidate}. Host addresses may be mDNS names ({@code <uuid>.local}).
 *
 * @param relatedAddress {@code raddr}, or null
 * @param relatedPort    {@code rport}, or -1
 * @param extensions     name/value pairs after the fixed fields, in order
 */
public record Candidate(String foundation, int component, String transport, long priority, String address,
                        int port, CandidateType type, String relatedAddress, int relatedPort,
                        List<Extension> extensions) implements SdpAttribute {

    /** One extension pair, e.g. {@code generation 0}. */
    public record Extension(String name, String value) {
        public Extension {
            Tokens.checkWord(name, "candidate extension name");
            Tokens.checkWord(value, "candidate extension value");
        }
    }

    public Candidate {
        if (!Tokens.isIceChars(foundation) || foundation.length() > 32) {
            throw new IllegalArgumentException("bad foundation: \"" + foundation + "\"");
        }
        Tokens.checkRange(component, 1, 256, "component");
        if (!Tokens.isToken(transport)) {
            throw new IllegalArgumentException("bad transport: \"" + transport + "\"");
        }
        Tokens.checkRange(priority, 0, 0xFFFF_FFFFL, "priority");
        Tokens.checkWord(address, "candidate address");
        Tokens.checkRange(port, 0, 65535, "port");
        if (type == null) {
            throw new IllegalArgumentException("candidate needs a type");
        }
        if (relatedAddress != null) {
            Tokens.checkWord(relatedAddress, "raddr");
        }
        Tokens.checkRange(relatedPort, -1, 65535, "rport");
        extensions = List.copyOf(extensions);
    }

    /** A candidate without related address and extensions. */
    public Candidate(String foundation, int component, String transport, long priority, String address, int port,
                     CandidateType type) {
        this(foundation, component, transport, priority, address, port, type, null, -1, List.of());
    }

    /** Parses the value after {@code a=candidate:}, or a trickled {@code candidate:...} string. */
    public static Candidate parse(String text) throws SdpParseException {
        String value = text.startsWith("candidate:") ? text.substring("candidate:".length()) : text;
        List<String> t = Tokens.split(value, "candidate");
        if (t.size() < 8 || !"typ".equals(t.get(6))) {
            throw new SdpParseException("candidate needs \"<foundation> <component> <transport> <priority> "
                    + "<address> <port> typ <type>\"");
        }
        if (!Tokens.isIceChars(t.get(0)) || t.get(0).length() > 32) {
            throw new SdpParseException("bad candidate foundation \"" + t.get(0) + "\"");
        }
        int component = Tokens.parseInt(t.get(1), 1, 256, "component id");
        String transport = Tokens.requireToken(t.get(2), "candidate transport");
        long priority = Tokens.parseLong(t.get(3), 0, 0xFFFF_FFFFL, "candidate priority");
        String address = t.get(4);
        int port = Tokens.parseInt(t.get(5), 0, 65535, "candidate port");
        CandidateType type = CandidateType.parse(t.get(7));
        int i = 8;
        String raddr = null;
        int rport = -1;
        if (i + 1 < t.size() && "raddr".equals(t.get(i))) {
            raddr = t.get(i + 1);
            i += 2;
        }
        if (i + 1 < t.size() && "rport".equals(t.get(i))) {
            rport = Tokens.parseInt(t.get(i + 1), 0, 65535, "rport");
            i += 2;
        }
        if ((t.size() - i) % 2 != 0) {
            throw new SdpParseException("candidate extension without a value");
        }
        List<Extension> extensions = new ArrayList<>();
        for (; i < t.size(); i += 2) {
            extensions.add(new Extension(t.get(i), t.get(i + 1)));
        }
        return new Candidate(t.get(0), component, transport, priority, address, port, type, raddr, rport, extensions);
    }

    /** The first extension with this name, e.g. {@code extension("tcptype")}. */
    public Optional<String> extension(String name) {
        for (Extension e : extensions) {
            if (e.name().equals(name)) {
                return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }

    /** True for UDP candidates (transport names are case-insensitive: Firefox writes {@code UDP}). */
    public boolean isUdp() {
        return "udp".equalsIgnoreCase(transport);
    }

    /** The trickle form browsers exchange: {@code candidate:<value>}. */
    public String trickleString() {
        return "candidate:" + sdpValue();
    }

    @Override
    public String sdpName() {
        return "candidate";
    }

    @Override
    public String sdpValue() {
        StringBuilder text = new StringBuilder(96);
        text.append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type.token());
        if (relatedAddress != null) {
            text.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort >= 0) {
            text.append(" rport ").append(relatedPort);
        }
        for (Extension e : extensions) {
            text.append(' ').append(e.name()).append(' ').append(e.value());
        }
        return text.toString();
    }
}
