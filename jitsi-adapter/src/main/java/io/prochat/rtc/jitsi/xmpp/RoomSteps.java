package io.prochat.rtc.jitsi.xmpp;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The XMPP exchanges behind {@link JitsiRooms}, one method per operation, each bounded by the reply timeout. */
final class RoomSteps {
    private final XmppSettings settings;
    private final Resourcepart nick;
    private final Connector connector;
    private final String machineUid = UUID.randomUUID().toString();
    private final Map<String, RoomWarden> wardens = new ConcurrentHashMap<>();

    RoomSteps(XmppSettings settings, Resourcepart nick, Connector connector) {
        this.settings = settings;
        this.nick = nick;
        this.connector = connector;
    }

    EntityBareJid roomJid(String room) {
        return JitsiRooms.jid(room, settings.mucDomain());
    }

    RoomWarden warden(String room) {
        return wardens.get(room);
    }

    RoomSetup create(XMPPTCPConnection c, RoomOptions o) {
        EntityBareJid jid = roomJid(o.room());
        MultiUserChat muc = JitsiRooms.muc(c, jid);
        try {
            boolean created = false;
            if (!muc.isJoined()) {
                created = muc.createOrJoin(enter(muc, o.password())) != null;
            }
            String account = settings.accountJid();
            RoomForm.Filled form = RoomForm.fill(muc.getConfigurationForm(), o, connector.lobby(),
                    account.substring(0, account.indexOf('@')).equals("focus"));
            muc.sendConfigurationForm(form.form());
            if (!o.owners().isEmpty()) {
                List<Jid> owners = new ArrayList<>();
                for (String owner : o.owners()) {
                    owners.add(JidCreate.entityBareFrom(owner));
                }
                muc.grantOwnership(owners);
            }
            List<String> warnings = new ArrayList<>(form.warnings());
            RoomSetup.Cap cap = o.maxOccupants() == null ? RoomSetup.Cap.NONE
                    : form.maxUsers() ? RoomSetup.Cap.SERVER : RoomSetup.Cap.SERVICE_ACCOUNT;
            RoomWarden old = wardens.remove(o.room());
            if (old != null) {
                old.stop();
            }
            if (cap == RoomSetup.Cap.SERVICE_ACCOUNT) {
                wardens.put(o.room(), new RoomWarden(muc, o.maxOccupants(), settings.loginDomain(), connector::execute).start());
            } else {
                muc.leave();
            }
            Boolean ready = settings.sendsConferenceRequest() ? conference(c, jid, warnings) : null;
            return new RoomSetup(jid.toString(), created, form.passwordSet(), form.membersOnly(), form.lobby(), cap, ready, warnings);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RoomControlException.failed("creating room " + jid, e);
        } catch (Exception e) {
            leaveQuietly(muc, o.room());
            throw RoomControlException.failed("creating room " + jid, e);
        }
    }

    /** After a reconnect: re-creates the room when the server lost it, re-joins it when it needs a warden. */
    boolean restore(XMPPTCPConnection c, RoomOptions o) {
        boolean exists;
        try {
            MultiUserChatManager.getInstanceFor(c).getRoomInfo(roomJid(o.room()));
            exists = true;
        } catch (XMPPException.XMPPErrorException e) {
            if (!JitsiRooms.gone(e)) {
                throw RoomControlException.failed("reading room " + o.room(), e);
            }
            exists = false;
        } catch (Exception e) {
            throw RoomControlException.failed("reading room " + o.room(), e);
        }
        if (!exists || wardens.containsKey(o.room())) {
            create(c, o);
        }
        return !exists;
    }

    void kick(XMPPTCPConnection c, String room, String password, String who, String reason) {
        MultiUserChat muc = JitsiRooms.muc(c, roomJid(room));
        boolean joinedHere = false;
        try {
            if (!muc.isJoined()) {
                muc.join(enter(muc, password));
                joinedHere = true;
            }
            muc.kickParticipant(Resourcepart.from(who), reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RoomControlException.failed("removing " + who + " from room " + room, e);
        } catch (Exception e) {
            throw RoomControlException.failed("removing " + who + " from room " + room, e);
        } finally {
            if (joinedHere) {
                leaveQuietly(muc, room);
            }
        }
    }

    /** True when destroyed, false when there was no such room. */
    boolean destroy(XMPPTCPConnection c, String room, String reason) {
        RoomWarden warden = wardens.remove(room);
        if (warden != null) {
            warden.stop();
        }
        MultiUserChat muc = JitsiRooms.muc(c, roomJid(room));
        try {
            // Prosody 0.12 keeps a "tombstone" of a destroyed persistent room for 31 days: make it temporary first.
            muc.sendConfigurationForm(RoomForm.temporary(muc.getConfigurationForm()));
            muc.destroy(reason, null);
            return true;
        } catch (XMPPException.XMPPErrorException e) {
            if (JitsiRooms.gone(e)) {
                return false;
            }
            throw RoomControlException.failed("destroying room " + room, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RoomControlException.failed("destroying room " + room, e);
        } catch (Exception e) {
            throw RoomControlException.failed("destroying room " + room, e);
        }
    }

    void stopWardens() {
        wardens.values().forEach(RoomWarden::stop);
        wardens.clear();
    }

    private Boolean conference(XMPPTCPConnection c, EntityBareJid room, List<String> warnings) {
        try {
            FocusConferenceIq request = new FocusConferenceIq(room.toString(), machineUid, Map.of());
            request.setTo(JidCreate.from(settings.focusJid()));
            FocusConferenceIq answer = c.sendIqRequestAndWaitForResponse(request);
            return answer.ready();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            warnings.add("Jitsi's focus (" + settings.focusJid() + ") did not take the conference request ("
                    + XmppErrors.describe(e) + "); jicofo sets the conference up when the first participant arrives");
            return null;
        }
    }

    private MucEnterConfiguration enter(MultiUserChat muc, String password) {
        return muc.getEnterConfigurationBuilder(nick).withPassword(password).requestNoHistory()
                .timeoutAfter(settings.replyTimeout().toMillis()).build();
    }

    private void leaveQuietly(MultiUserChat muc, String room) {
        if (muc.isJoined() && !wardens.containsKey(room)) {
            try {
                muc.leave();
            } catch (Exception ignored) {
                // the room goes on without us either way
            }
        }
    }
}
