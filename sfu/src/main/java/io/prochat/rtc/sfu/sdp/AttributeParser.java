package io.prochat.rtc.sfu.sdp;

/** Maps an attribute name to the parser of its typed record. */
final class AttributeParser {
    private AttributeParser() {
    }

    static SdpAttribute parse(String name, String value) throws SdpParseException {
        if (!Tokens.isToken(name)) {
            throw new SdpParseException("bad attribute name \"" + name + "\"");
        }
        if (value != null) {
            Tokens.checkTextOrThrow(value);
        }
        switch (name) {
            case "sendrecv":
            case "sendonly":
            case "recvonly":
            case "inactive":
                if (value != null) {
                    throw new SdpParseException("a=" + name + " takes no value");
                }
                return Direction.parse(name);
            default:
                break;
        }
        if (value == null) {
            if (isTyped(name)) {
                throw new SdpParseException("a=" + name + " needs a value");
            }
            return new GenericAttribute(name, null);
        }
        switch (name) {
            case "rtpmap":
                return Rtpmap.parse(value);
            case "fmtp":
                return Fmtp.parse(value);
            case "rtcp-fb":
                return RtcpFb.parse(value);
            case "extmap":
                return Extmap.parse(value);
            case "fingerprint":
                return Fingerprint.parse(value);
            case "ssrc":
                return Ssrc.parse(value);
            case "ssrc-group":
                return SsrcGroup.parse(value);
            case "rid":
                return Rid.parse(value);
            case "simulcast":
                return Simulcast.parse(value);
            case "candidate":
                return Candidate.parse(value);
            case "setup":
                return SetupRole.parse(value);
            case "mid":
                return Mid.parse(value);
            case "msid":
                return Msid.parse(value);
            case "ice-ufrag":
                return IceUfrag.parse(value);
            case "ice-pwd":
                return IcePwd.parse(value);
            case "group":
                return Group.parse(value);
            case "sctp-port":
                return SctpPort.parse(value);
            case "max-message-size":
                return MaxMessageSize.parse(value);
            default:
                return new GenericAttribute(name, value);
        }
    }

    private static boolean isTyped(String name) {
        switch (name) {
            case "rtpmap": case "fmtp": case "rtcp-fb": case "extmap": case "fingerprint": case "ssrc":
            case "ssrc-group": case "rid": case "simulcast": case "candidate": case "setup": case "mid":
            case "msid": case "ice-ufrag": case "ice-pwd": case "group": case "sctp-port": case "max-message-size":
                return true;
            default:
                return false;
        }
    }
}
