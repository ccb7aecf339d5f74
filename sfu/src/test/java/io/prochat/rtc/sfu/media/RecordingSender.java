package io.prochat.rtc.sfu.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.prochat.rtc.sfu.PacketSender;

/** Records what is sent, as plain bytes (nothing is encrypted). */
final class RecordingSender implements PacketSender {
    final List<byte[]> rtp = new ArrayList<>();
    final List<byte[]> rtcp = new ArrayList<>();

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        rtp.add(Arrays.copyOfRange(buf, off, off + len));
        return true;
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        rtcp.add(Arrays.copyOfRange(buf, off, off + len));
        return true;
    }
}
