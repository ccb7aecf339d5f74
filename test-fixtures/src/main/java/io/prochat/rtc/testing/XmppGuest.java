package io.prochat.rtc.testing;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A second, independent XMPP client for interop tests: a Jitsi guest (anonymous on the main host) or a
 * registered account, joining rooms the way a browser's XMPP layer does and recording what it is told
 * (kicked, room destroyed).
 */
public final class XmppGuest implements AutoCloseable {
    private final XMPPTCPConnection connection;
    /** Completes with the reason when this guest is removed from the room it joined. */
    public final CompletableFuture<String> kicked = new CompletableFuture<>();
    /** Completes with the reason when the room it joined is destroyed. */
    public final CompletableFuture<String> destroyed = new CompletableFuture<>();
    private MultiUserChat room;

    private XmppGuest(XMPPTCPConnection connection) {
        this.connection = connection;
    }

    /** An anonymous guest on {@link ProsodyServer#DOMAIN}, as Jitsi's web clients are. */
    public static XmppGuest anonymous(ProsodyServer server) {
        return login(server, ProsodyServer.DOMAIN, null, null);
    }

    /** A registered account on {@link ProsodyServer#AUTH_DOMAIN}. */
    public static XmppGuest account(ProsodyServer server, String user, String password) {
        return login(server, ProsodyServer.AUTH_DOMAIN, user, password);
    }

    private static XmppGuest login(ProsodyServer server, String domain, String user, String password) {
        try {
            var b = XMPPTCPConnectionConfiguration.builder().setXmppDomain(domain)
                    .setHostAddress(InetAddress.getLoopbackAddress()).setPort(server.c2sPort())
                    .setSecurityMode(SecurityMode.disabled).setConnectTimeout(3000);
            if (user == null) {
                b.performSaslAnonymousAuthentication();
            } else {
                b.setUsernameAndPassword(user, password);
            }
            XMPPTCPConnection c = new XMPPTCPConnection(b.build());
            c.setReplyTimeout(5000);
            c.connect().login();
            return new XmppGuest(c);
        } catch (Exception e) {
            throw new IllegalStateException("guest login to " + domain + " failed: " + e, e);
        }
    }

    /** This client's own JID, e.g. {@code 3f2a…@meet.test/…}. */
    public Jid jid() {
        return connection.getUser();
    }

    /**
     * Joins {@code roomJid} as {@code nick}; null on success, otherwise the error condition the server
     * answered with (e.g. {@code not_authorized}, {@code registration_required}, {@code not_allowed}).
     */
    public StanzaError.Condition join(String roomJid, String nick, String password) {
        try {
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(JidCreate.entityBareFrom(roomJid));
            muc.addUserStatusListener(new UserStatusListener() {
                @Override
                public void kicked(Jid actor, String reason) {
                    kicked.complete(reason == null ? "" : reason);
                }

                @Override
                public void roomDestroyed(MultiUserChat alternate, String reason) {
                    destroyed.complete(reason == null ? "" : reason);
                }
            });
            // Smack's MUC state machine can miss a kick that lands while its own join is completing (a room
            // warden kicks at once), so the removal is also read off the raw self-presence: status 307.
            EntityFullJid self = JidCreate.entityFullFrom(roomJid + "/" + nick);
            connection.addAsyncStanzaListener(stanza -> {
                MUCUser user = MUCUser.from(stanza);
                if (user != null && user.getStatus().contains(MUCUser.Status.KICKED_307)) {
                    String reason = user.getItem() == null ? null : user.getItem().getReason();
                    kicked.complete(reason == null ? "" : reason);
                }
            }, new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createFull(self)));
            muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(nick)).withPassword(password)
                    .requestNoHistory().timeoutAfter(5000).build());
            room = muc;
            return null;
        } catch (XMPPException.XMPPErrorException e) {
            return e.getStanzaError().getCondition();
        } catch (Exception e) {
            throw new IllegalStateException("join " + roomJid + " failed: " + e, e);
        }
    }

    /** The room joined last, for assertions on roles and occupants. */
    public MultiUserChat room() {
        return room;
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
