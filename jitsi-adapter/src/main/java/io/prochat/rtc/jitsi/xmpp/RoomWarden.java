package io.prochat.rtc.jitsi.xmpp;

import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.Occupant;
import org.jivesoftware.smackx.muc.ParticipantStatusListener;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;

/**
 * Holds a room's maximum number of occupants where the server cannot (Prosody 0.12 has no
 * {@code muc#roomconfig_maxusers}): the service account stays in the room as its owner and removes
 * whoever joins beyond the cap, newest first, with a reason they see. Jitsi's own
 * {@code mod_muc_max_occupants} likewise leaves service accounts out of the count: occupants whose
 * real JID is on the service account's domain (the focus, bridges, ourselves) are not counted.
 * While in the room it also knows the occupants' names.
 */
final class RoomWarden {
    private static final Logger LOG = LoggerFactory.getLogger(RoomWarden.class);

    private final MultiUserChat muc;
    private final int max;
    private final String serviceDomain;
    private final Executor executor;
    /** Occupants in the order their joins arrived: the newest are the ones beyond the cap. */
    private final Deque<EntityFullJid> joinOrder = new ConcurrentLinkedDeque<>();
    private final ParticipantStatusListener listener = new ParticipantStatusListener() {
        @Override
        public void joined(EntityFullJid participant) {
            joinOrder.addLast(participant);
            // Kicking is a blocking request: never from Smack's listener thread.
            executor.execute(RoomWarden.this::enforce);
        }

        @Override
        public void left(EntityFullJid participant) {
            joinOrder.remove(participant);
        }

        @Override
        public void kicked(EntityFullJid participant, Jid actor, String reason) {
            joinOrder.remove(participant);
        }
    };

    RoomWarden(MultiUserChat muc, int max, String serviceDomain, Executor executor) {
        this.muc = muc;
        this.max = max;
        this.serviceDomain = serviceDomain;
        this.executor = executor;
    }

    /** Starts watching; the service account must already be in the room. */
    RoomWarden start() {
        muc.addParticipantStatusListener(listener);
        executor.execute(this::enforce); // people may have come in before we did
        return this;
    }

    void stop() {
        muc.removeParticipantStatusListener(listener);
    }

    boolean watching() {
        return muc.isJoined();
    }

    /** Nicknames of the counted occupants. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (EntityFullJid occupant : muc.getOccupants()) {
            if (counted(occupant)) {
                names.add(occupant.getResourceOrEmpty().toString());
            }
        }
        return names;
    }

    /**
     * Removes the newest occupants until the cap holds. Several joins may be queued before this runs, so
     * the victims are chosen by arrival order, not by which join event triggered the check.
     */
    private void enforce() {
        if (!muc.isJoined()) {
            return;
        }
        List<EntityFullJid> counted = muc.getOccupants().stream().filter(this::counted).toList();
        int over = counted.size() - max;
        if (over <= 0) {
            return;
        }
        List<EntityFullJid> victims = new ArrayList<>();
        for (Iterator<EntityFullJid> newest = joinOrder.descendingIterator(); newest.hasNext() && victims.size() < over; ) {
            EntityFullJid candidate = newest.next();
            if (counted.contains(candidate)) {
                victims.add(candidate);
            }
        }
        // people already in the room when we joined have no known order: take any of them last
        for (int i = counted.size() - 1; i >= 0 && victims.size() < over; i--) {
            if (!victims.contains(counted.get(i))) {
                victims.add(counted.get(i));
            }
        }
        for (EntityFullJid victim : victims) {
            Resourcepart nick = victim.getResourceOrEmpty();
            try {
                muc.kickParticipant(nick, "The meeting is full (at most " + max + " participants)");
                joinOrder.remove(victim);
                LOG.info("room {} is full ({} of {}): removed {}", muc.getRoom(), counted.size(), max, nick);
            } catch (Exception e) {
                LOG.warn("room {} is full, but removing {} failed: {}", muc.getRoom(), nick, XmppErrors.describe(e));
            }
        }
    }

    private boolean counted(EntityFullJid occupantJid) {
        if (occupantJid.getResourceOrEmpty().equals(muc.getNickname())) {
            return false;
        }
        Occupant occupant = muc.getOccupant(occupantJid);
        Jid real = occupant == null ? null : occupant.getJid();
        return real == null || !real.getDomain().toString().equalsIgnoreCase(serviceDomain);
    }
}
