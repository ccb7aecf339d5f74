package io.prochat.rtc.jitsi.xmpp;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jitsi's conference request: {@code <conference xmlns="http://jitsi.org/protocol/focus" room="r@muc">}
 * with optional {@code <property name value/>} children, sent (type set) to the focus (jicofo), which
 * joins the room and answers with the same element carrying {@code ready}, {@code focusjid} and its own
 * properties. Clients send it before joining; sending it when the meeting is created lets jicofo have
 * the conference ready. Wire type only: immutable.
 */
public final class FocusConferenceIq extends IQ {
    public static final String ELEMENT = "conference";
    public static final String NAMESPACE = "http://jitsi.org/protocol/focus";

    static {
        ProviderManager.addIQProvider(ELEMENT, NAMESPACE, new Provider());
    }

    private final String room;
    private final String machineUid;
    private final Boolean ready;
    private final String focusJid;
    private final Map<String, String> properties;

    /** A request for {@code roomJid} ({@code room@conference.domain}). */
    public FocusConferenceIq(String roomJid, String machineUid, Map<String, String> properties) {
        this(roomJid, machineUid, null, null, properties);
        setType(Type.set);
    }

    private FocusConferenceIq(String room, String machineUid, Boolean ready, String focusJid, Map<String, String> properties) {
        super(ELEMENT, NAMESPACE);
        this.room = room;
        this.machineUid = machineUid;
        this.ready = ready;
        this.focusJid = focusJid;
        this.properties = Map.copyOf(properties);
    }

    /** Makes sure the provider is registered before the first answer arrives. */
    static void register() {
        // the static initialiser did it
    }

    /** The answer a focus gives: ready or not, with its JID. */
    public FocusConferenceIq answer(boolean isReady, String focus, Map<String, String> props) {
        FocusConferenceIq a = new FocusConferenceIq(room, null, isReady, focus, props);
        a.setType(Type.result);
        a.setStanzaId(getStanzaId());
        a.setTo(getFrom());
        a.setFrom(getTo());
        return a;
    }

    public String room() {
        return room;
    }

    /** {@code ready} in an answer; null in a request. */
    public Boolean ready() {
        return ready;
    }

    public String focusJid() {
        return focusJid;
    }

    public Map<String, String> properties() {
        return properties;
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.optAttribute("room", room);
        xml.optAttribute("machine-uid", machineUid);
        if (ready != null) {
            xml.attribute("ready", ready.toString());
        }
        xml.optAttribute("focusjid", focusJid);
        if (properties.isEmpty()) {
            xml.setEmptyElement();
            return xml;
        }
        xml.rightAngleBracket();
        properties.forEach((name, value) -> xml.halfOpenElement("property")
                .attribute("name", name).attribute("value", value).closeEmptyElement());
        return xml;
    }

    /** Parses requests and answers alike. */
    static final class Provider extends IQProvider<FocusConferenceIq> {
        @Override
        public FocusConferenceIq parse(XmlPullParser parser, int initialDepth, XmlEnvironment env)
                throws org.jivesoftware.smack.xml.XmlPullParserException, IOException {
            String room = parser.getAttributeValue("", "room");
            String uid = parser.getAttributeValue("", "machine-uid");
            String readyText = parser.getAttributeValue("", "ready");
            String focus = parser.getAttributeValue("", "focusjid");
            Map<String, String> props = new LinkedHashMap<>();
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT && "property".equals(parser.getName())) {
                    String name = parser.getAttributeValue("", "name");
                    String value = parser.getAttributeValue("", "value");
                    if (name != null && value != null) {
                        props.put(name, value);
                    }
                } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    break;
                } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                    break;
                }
            }
            return new FocusConferenceIq(room, uid, readyText == null ? null : Boolean.valueOf(readyText), focus, props);
        }
    }
}
