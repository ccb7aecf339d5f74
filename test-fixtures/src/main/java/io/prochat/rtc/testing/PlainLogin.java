package io.prochat.rtc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One real XMPP login over a raw socket (RFC 6120 stream + SASL PLAIN), so that {@link ProsodyServer}
 * knows the server accepts logins without depending on an XMPP library.
 */
final class PlainLogin {
    private PlainLogin() {
    }

    /** Null when {@code user@domain} logged in; otherwise what went wrong, in words. */
    static String attempt(int port, String domain, String user, String password) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            send(out, "<?xml version='1.0'?><stream:stream to='" + domain + "' xmlns='jabber:client'"
                    + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>");
            String features = readUntil(in, "</stream:features>");
            if (!features.contains(">PLAIN<")) {
                return "PLAIN not offered: " + features;
            }
            String credentials = "\0" + user + "\0" + password;
            send(out, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "</auth>");
            String answer = readUntil(in, "success", "failure");
            send(out, "</stream:stream>");
            return answer.contains("<success") ? null : "login refused: " + answer;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void send(OutputStream out, String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readUntil(InputStream in, String... markers) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        while (seen.length() < 65536) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("stream closed after: " + seen);
            }
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            for (String m : markers) {
                if (seen.indexOf(m) >= 0) {
                    return seen.toString();
                }
            }
        }
        throw new IOException("no " + String.join("/", markers) + " in: " + seen);
    }
}
