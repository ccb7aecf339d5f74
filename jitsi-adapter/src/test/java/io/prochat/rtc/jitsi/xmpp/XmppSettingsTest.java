package io.prochat.rtc.jitsi.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.junit.jupiter.api.Test;

/** Settings defaults and redaction, the TLS policy's spelling, and the conference request on the wire. */
class XmppSettingsTest {

    @Test
    void accountAndMucDomainDefaultsAndNoPasswordInToString() {
        XmppSettings s = new XmppSettings("prosody", 5222, "Meet.Jitsi", "", "prochat", "p4ss", "", TlsPolicy.REQUIRED);
        assertThat(s.accountJid()).isEqualTo("prochat@meet.jitsi");
        assertThat(s.mucDomain()).isEqualTo("conference.meet.jitsi");
        assertThat(s.sendsConferenceRequest()).isFalse();
        assertThat(s.toString()).doesNotContain("p4ss").contains("<redacted>");

        XmppSettings auth = new XmppSettings("prosody", 5222, "meet.jitsi", "muc.meet.jitsi", "prochat@auth.meet.jitsi",
                "p4ss", "focus.meet.jitsi", TlsPolicy.OPTIONAL);
        assertThat(auth.loginDomain()).isEqualTo("auth.meet.jitsi");
        assertThat(auth.mucDomain()).isEqualTo("muc.meet.jitsi");
        assertThat(auth.sendsConferenceRequest()).isTrue();

        assertThatThrownBy(() -> new XmppSettings("h", 0, "d", "", "u", "p", "", null))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> new XmppSettings("h", 5222, "d", "", "u", "", "", null))
                .hasMessageContaining("password");
    }

    @Test
    void tlsPolicyRoundTrips() {
        for (TlsPolicy p : TlsPolicy.values()) {
            assertThat(TlsPolicy.parse(p.configName().toUpperCase())).isEqualTo(p);
        }
        assertThatThrownBy(() -> TlsPolicy.parse("maybe")).hasMessage("must be one of required, optional, disabled");
    }

    @Test
    void conferenceRequestAndAnswerOnTheWire() throws Exception {
        FocusConferenceIq request = new FocusConferenceIq("r@conference.meet.jitsi", "uid-1", Map.of());
        String xml = request.toXML(XmlEnvironment.EMPTY).toString();
        assertThat(xml).contains("<conference xmlns='http://jitsi.org/protocol/focus' room='r@conference.meet.jitsi'"
                + " machine-uid='uid-1'/>").contains("type='set'");

        String answer = "<iq xmlns='jabber:client' type='result' id='x1'><conference xmlns='http://jitsi.org/protocol/focus'"
                + " room='r@conference.meet.jitsi' ready='true' focusjid='focus@auth.meet.jitsi'>"
                + "<property name='authentication' value='false'/><property name='sipGatewayEnabled' value='true'/>"
                + "</conference></iq>";
        FocusConferenceIq.register();
        FocusConferenceIq parsed = (FocusConferenceIq) PacketParserUtils.parseStanza(answer);
        assertThat(parsed.ready()).isTrue();
        assertThat(parsed.focusJid()).isEqualTo("focus@auth.meet.jitsi");
        assertThat(parsed.properties()).containsEntry("authentication", "false").containsEntry("sipGatewayEnabled", "true");
    }
}
