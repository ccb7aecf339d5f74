package io.prochat.rtc.jitsi.xmpp;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.util.rce.RemoteConnectionException;

import java.util.stream.Collectors;

/**
 * One-line, operator-readable descriptions of Smack's exceptions: what the server said, not a stack
 * trace. Smack's own messages can span lines and quote whole stanzas; these never carry a password.
 */
final class XmppErrors {
    static final String LOGIN_REFUSED = "login refused";

    private XmppErrors() {
    }

    static String describe(Throwable e) {
        if (e instanceof SASLErrorException sasl) {
            return LOGIN_REFUSED + " (" + sasl.getSASLFailure().getSASLErrorString() + ")";
        }
        if (e instanceof XMPPException.XMPPErrorException x) {
            return "server answered " + condition(x.getStanzaError());
        }
        if (e instanceof XMPPException.StreamErrorException s) {
            return "stream error " + s.getStreamError().getCondition()
                    + (s.getStreamError().getConditionText() == null ? "" : ": " + s.getStreamError().getConditionText());
        }
        if (e instanceof SmackException.NoResponseException) {
            return "no answer in time";
        }
        if (e instanceof SmackException.SecurityRequiredByClientException) {
            return "the server does not offer STARTTLS, but XMPPTLS is required";
        }
        if (e instanceof SmackException.SecurityRequiredByServerException) {
            return "the server requires STARTTLS, but XMPPTLS is disabled";
        }
        if (e instanceof SmackException.EndpointConnectionException c) {
            String failures = c.getConnectionExceptions().stream()
                    .map(XmppErrors::endpoint).collect(Collectors.joining("; "));
            return "cannot connect: " + (failures.isEmpty() ? oneLine(c.getMessage()) : failures);
        }
        if (e instanceof SmackException.NotConnectedException) {
            return "not connected";
        }
        if (e instanceof javax.net.ssl.SSLException ssl) {
            return "TLS failed: " + oneLine(ssl.getMessage());
        }
        if (e instanceof InterruptedException) {
            return "interrupted";
        }
        String message = e.getMessage() == null ? "" : ": " + oneLine(e.getMessage());
        return e.getClass().getSimpleName() + message;
    }

    static String condition(StanzaError error) {
        if (error == null) {
            return "an error";
        }
        String text = error.getDescriptiveText();
        return error.getType().toString().toLowerCase(java.util.Locale.ROOT) + "/" + error.getCondition()
                + (text == null || text.isBlank() ? "" : " (" + oneLine(text) + ")");
    }

    private static String endpoint(RemoteConnectionException<?> rce) {
        Exception cause = rce.getException();
        java.net.InetSocketAddress a = rce.getAddress().getInetSocketAddress();
        return a.getHostString() + ":" + a.getPort() + ": "
                + (cause == null ? "failed" : oneLine(String.valueOf(cause.getMessage())));
    }

    private static String oneLine(String s) {
        String line = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
