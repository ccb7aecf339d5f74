package io.prochat.rtc.sfu.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.srtp.PacketBuffer;
import io.prochat.rtc.sfu.srtp.SrtpResult;
import io.prochat.rtc.sfu.srtp.SrtpSession;

/**
 * A receiver's send path for the benchmark, as {@code MediaTransport.sendRtp} does it: SRTP protect in place with
 * this receiver's own session, then one UDP send on a connected loopback channel. Either step can be left out to
 * see what each costs. Reuses its views: nothing allocated per packet in this class.
 */
final class BenchSender implements PacketSender {
    private final SrtpSession srtp;
    private final DatagramChannel channel;
    private final PacketBuffer view = new PacketBuffer();
    private byte[] wrapped;
    private ByteBuffer wrapper;
    long sent;

    /** @param srtp null to skip encryption; @param channel null to skip the send */
    BenchSender(SrtpSession srtp, DatagramChannel channel) {
        this.srtp = srtp;
        this.channel = channel;
    }

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        int n = len;
        if (srtp != null) {
            PacketBuffer v = view.wrap(buf, off, len);
            if (srtp.protectRtp(v) != SrtpResult.OK) {
                return false;
            }
            n = v.getLength();
        }
        if (channel != null) {
            if (wrapped != buf) { // the forwarder's per-thread scratch array: wrapped once
                wrapped = buf;
                wrapper = ByteBuffer.wrap(buf);
            }
            wrapper.limit(off + n).position(off);
            try {
                channel.write(wrapper);
            } catch (IOException e) {
                return false;
            }
        }
        sent++;
        return true;
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return true;
    }
}
