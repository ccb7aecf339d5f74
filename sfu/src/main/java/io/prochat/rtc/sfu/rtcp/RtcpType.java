package io.prochat.rtc.sfu.rtcp;

/**
 * RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611) and feedback message types (FMT).
 * Plain int constants: they are compared per packet.
 */
public final class RtcpType {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Transport-layer feedback (RFC 4585 §6.2). */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585 §6.3). */
    public static final int PSFB = 206;
    /** Extended reports (RFC 3611). */
    public static final int XR = 207;

    /** RTPFB: generic NACK (RFC 4585 §6.2.1). */
    public static final int FMT_NACK = 1;
    /** RTPFB: transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final int FMT_TRANSPORT_CC = 15;
    /** PSFB: picture loss indication (RFC 4585 §6.3.1). */
    public static final int FMT_PLI = 1;
    /** PSFB: full intra request (RFC 5104 §4.3.1). */
    public static final int FMT_FIR = 4;
    /** PSFB: application layer feedback, REMB when it starts with "REMB". */
    public static final int FMT_AFB = 15;

    private RtcpType() {
    }
}
