package io.prochat.rtc.gateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JoinPhasesTest {
    @Test
    void readsEachPhasesQuantilesFromTheHistogramBuckets() {
        String scrape = """
                # TYPE prochat_sfu_join_phase_seconds histogram
                prochat_sfu_join_phase_seconds_bucket{phase="ice",le="0.01"} 10
                prochat_sfu_join_phase_seconds_bucket{phase="ice",le="0.05"} 60
                prochat_sfu_join_phase_seconds_bucket{phase="ice",le="0.2"} 99
                prochat_sfu_join_phase_seconds_bucket{phase="ice",le="+Inf"} 100
                prochat_sfu_join_phase_seconds_bucket{phase="media",le="0.001"} 0
                prochat_sfu_join_phase_seconds_bucket{phase="media",le="+Inf"} 0
                prochat_sfu_join_phase_seconds_bucket{phase="signalling",le="0.005"} 4
                prochat_sfu_join_phase_seconds_bucket{phase="signalling",le="+Inf"} 4
                """;
        assertEquals("signalling ≤ 5 / ≤ 5 ms (4), ice ≤ 50 / ≤ 200 ms (100)", JoinPhases.summary(scrape));
    }

    @Test
    void aTailBeyondTheLastBucketIsUnbounded() {
        String scrape = """
                prochat_sfu_join_phase_seconds_bucket{phase="dtls",le="1.0"} 98
                prochat_sfu_join_phase_seconds_bucket{phase="dtls",le="+Inf"} 100
                """;
        assertEquals("dtls ≤ 1000 / ≤ ∞ ms (100)", JoinPhases.summary(scrape));
    }
}
