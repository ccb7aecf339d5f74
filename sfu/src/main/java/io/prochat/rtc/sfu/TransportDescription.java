package io.prochat.rtc.sfu;

import java.util.List;

import io.prochat.rtc.sfu.dtls.DtlsSetup;
import io.prochat.rtc.sfu.dtls.Fingerprint;
import io.prochat.rtc.sfu.ice.IceCandidate;

/**
 * The transport half of an SDP media section, one per peer (BUNDLE): ICE credentials and candidates, DTLS
 * fingerprints and setup role. The SDP layer fills it from an offer and writes ours into the answer.
 */
public record TransportDescription(String iceUfrag, String icePwd, List<Fingerprint> fingerprints, DtlsSetup setup,
        List<IceCandidate> candidates) {

    public TransportDescription {
        fingerprints = List.copyOf(fingerprints);
        candidates = List.copyOf(candidates);
    }
}
