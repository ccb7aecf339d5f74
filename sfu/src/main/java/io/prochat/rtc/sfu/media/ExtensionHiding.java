package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;

/** Hides the header extensions receivers must not see (the publisher's mid and rid), in place: {@link HeaderExtensions}. */
final class ExtensionHiding extends RtpStage {
    ExtensionHiding() {
        super(SfuMetrics.Stage.EXTENSION_HIDING);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        byte[] h = s.hiding;
        if (h != null) {
            HeaderExtensions.hide(buf, off, len, h);
        }
        return null;
    }
}
