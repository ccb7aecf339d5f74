package io.prochat.rtc.testing.calls;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One {@code getStats()} reading of a {@link CallsClientPage}'s RTCPeerConnection: its states, RTCPeer's data
 * channel RTT (from the text ping/pong), and one entry per {@code inbound-rtp} / {@code outbound-rtp} stream.
 * Counters are null where Chromium does not report them (for example before the first packet).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeerStats(String connectionState, String iceConnectionState, String signalingState,
                        String dataChannelState, Double rttSeconds, List<Inbound> inbound, List<Outbound> outbound) {

    /**
     * A received track. {@code streamId} is the sender's stream id from the remote SDP's {@code a=msid} (rtcd sets
     * it to the sender's session id); {@code trackId} the receiver track's id (rtcd: {@code <type>_<session>_<rand>}).
     * Audio: {@code totalSamplesReceived} grows only while the track is played out and decoded; concealed samples
     * are the jitter buffer's made-up audio. Video: {@code framesDecoded}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Inbound(String kind, String mid, Long ssrc, String trackId, String streamId, Long packetsReceived,
                          Long packetsLost, Long bytesReceived, Long framesDecoded, Long frameWidth, Long frameHeight,
                          Double audioLevel, Double totalAudioEnergy, Long totalSamplesReceived,
                          Long concealedSamples, Long silentConcealedSamples, String codec) {
        public long packets() {
            return packetsReceived == null ? 0 : packetsReceived;
        }

        public long frames() {
            return framesDecoded == null ? 0 : framesDecoded;
        }

        public long samples() {
            return totalSamplesReceived == null ? 0 : totalSamplesReceived;
        }

        /** Samples that came from real packets: received minus concealed. */
        public long decodedSamples() {
            return samples() - (concealedSamples == null ? 0 : concealedSamples);
        }
    }

    /** A sent stream (one per simulcast {@code rid}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Outbound(String kind, String mid, Long ssrc, String rid, Long packetsSent, Long bytesSent,
                           Long framesEncoded) {
        public long packets() {
            return packetsSent == null ? 0 : packetsSent;
        }
    }

    public PeerStats {
        inbound = List.copyOf(inbound);
        outbound = List.copyOf(outbound);
    }

    public boolean connected() {
        return "connected".equals(connectionState);
    }

    /** Received tracks of one kind ({@code "audio"} or {@code "video"}). */
    public List<Inbound> inbound(String kind) {
        return inbound.stream().filter(i -> kind.equals(i.kind())).toList();
    }

    /** The received track of this kind whose sender stream id (rtcd: sender session id) is {@code streamId}. */
    public Optional<Inbound> inbound(String kind, String streamId) {
        return inbound.stream().filter(i -> kind.equals(i.kind()) && Objects.equals(streamId, i.streamId()))
                .findFirst();
    }

    /** Packets sent on all outbound streams of a kind. */
    public long packetsSent(String kind) {
        return outbound.stream().filter(o -> kind.equals(o.kind())).mapToLong(Outbound::packets).sum();
    }
}
