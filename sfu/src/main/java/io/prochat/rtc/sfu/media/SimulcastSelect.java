package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;

/**
 * Drops the packets of a simulcast layer that no receiver is on or switching to. {@link SimulcastGroup#select}
 * attaches each receiver to the layer it gets (and, while switching, the one it goes to), so a layer without
 * receivers is one nobody selected; it was measured ({@link FlowMeter}) and cached already, so a receiver can move to
 * it. Which of its packets each receiver gets is its {@link LayerReceiver}'s to say. Other streams pass.
 */
final class SimulcastSelect extends RtpStage {
    SimulcastSelect() {
        super(SfuMetrics.Stage.SIMULCAST_SELECT);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        return s.layer && s.receivers.length == 0 ? SfuMetrics.StageDrop.LAYER_NOT_SELECTED : null;
    }
}
