package io.prochat.rtc.sfu.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=simulcast:send <streams> [recv <streams>]} (RFC 8853 §5.1). Streams are separated by
 * ';', alternative rids for one stream by ',', and {@code ~} marks a stream as paused. Chrome offers
 * {@code a=simulcast:send f;h;q}; an SFU answers with the same rids under {@code recv}.
 *
 * <p>Written send-first; an input that lists recv first reads back equal but not byte-identical.
 *
 * @param send streams the writer of this SDP sends, each a list of alternative rids (may be empty)
 * @param recv streams it receives (may be empty); at least one of the two is non-empty
 */
public record Simulcast(List<List<Alternative>> send, List<List<Alternative>> recv) implements SdpAttribute {

    /** One rid in a simulcast stream list. */
    public record Alternative(String rid, boolean paused) {
        public Alternative {
            if (!Rid.validId(rid)) {
                throw new IllegalArgumentException("bad rid: \"" + rid + "\"");
            }
        }

        @Override
        public String toString() {
            return paused ? "~" + rid : rid;
        }
    }

    public Simulcast {
        send = copy(send);
        recv = copy(recv);
        if (send.isEmpty() && recv.isEmpty()) {
            throw new IllegalArgumentException("simulcast needs send or recv streams");
        }
    }

    /** One stream per rid, none paused: {@code Simulcast.of(RECV, List.of("f", "h", "q"))}. */
    public static Simulcast of(StreamDirection direction, List<String> rids) {
        List<List<Alternative>> streams = new ArrayList<>();
        for (String rid : rids) {
            streams.add(List.of(new Alternative(rid, false)));
        }
        return direction == StreamDirection.SEND ? new Simulcast(streams, List.of()) : new Simulcast(List.of(), streams);
    }

    /** Parses the value after {@code a=simulcast:}. */
    public static Simulcast parse(String value) throws SdpParseException {
        List<String> parts = Tokens.split(value, "simulcast");
        if (parts.size() != 2 && parts.size() != 4) {
            throw new SdpParseException("simulcast needs \"send|recv <streams> [send|recv <streams>]\"");
        }
        List<List<Alternative>> send = List.of();
        List<List<Alternative>> recv = List.of();
        boolean seenSend = false;
        boolean seenRecv = false;
        for (int i = 0; i < parts.size(); i += 2) {
            StreamDirection direction = StreamDirection.parse(parts.get(i));
            List<List<Alternative>> streams = parseStreams(parts.get(i + 1));
            if (direction == StreamDirection.SEND && !seenSend) {
                send = streams;
                seenSend = true;
            } else if (direction == StreamDirection.RECV && !seenRecv) {
                recv = streams;
                seenRecv = true;
            } else {
                throw new SdpParseException("simulcast lists " + direction.token() + " twice");
            }
        }
        return new Simulcast(send, recv);
    }

    private static List<List<Alternative>> parseStreams(String text) throws SdpParseException {
        List<List<Alternative>> streams = new ArrayList<>();
        for (String stream : text.split(";", -1)) {
            List<Alternative> alternatives = new ArrayList<>();
            for (String item : stream.split(",", -1)) {
                boolean paused = item.startsWith("~");
                String rid = paused ? item.substring(1) : item;
                if (!Rid.validId(rid)) {
                    throw new SdpParseException("bad rid \"" + item + "\" in simulcast");
                }
                alternatives.add(new Alternative(rid, paused));
            }
            streams.add(alternatives);
        }
        return streams;
    }

    /** The first-choice rid of each stream in the send list, in order. */
    public List<String> sendRids() {
        return firstRids(send);
    }

    /** The first-choice rid of each stream in the recv list, in order. */
    public List<String> recvRids() {
        return firstRids(recv);
    }

    private static List<String> firstRids(List<List<Alternative>> streams) {
        List<String> rids = new ArrayList<>();
        for (List<Alternative> stream : streams) {
            rids.add(stream.get(0).rid());
        }
        return List.copyOf(rids);
    }

    private static List<List<Alternative>> copy(List<List<Alternative>> streams) {
        List<List<Alternative>> out = new ArrayList<>();
        for (List<Alternative> stream : streams) {
            if (stream.isEmpty()) {
                throw new IllegalArgumentException("empty simulcast stream");
            }
            out.add(List.copyOf(stream));
        }
        return List.copyOf(out);
    }

    @Override
    public String sdpName() {
        return "simulcast";
    }

    @Override
    public String sdpValue() {
        StringBuilder text = new StringBuilder();
        if (!send.isEmpty()) {
            text.append("send ");
            write(text, send);
        }
        if (!recv.isEmpty()) {
            text.append(text.length() > 0 ? " recv " : "recv ");
            write(text, recv);
        }
        return text.toString();
    }

    private static void write(StringBuilder text, List<List<Alternative>> streams) {
        for (int i = 0; i < streams.size(); i++) {
            if (i > 0) {
                text.append(';');
            }
            List<Alternative> stream = streams.get(i);
            for (int j = 0; j < stream.size(); j++) {
                if (j > 0) {
                    text.append(',');
                }
                text.append(stream.get(j));
            }
        }
    }
}
