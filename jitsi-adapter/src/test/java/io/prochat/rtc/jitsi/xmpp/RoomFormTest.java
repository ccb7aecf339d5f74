package io.prochat.rtc.jitsi.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.Form;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.Test;

/** What a room form can and cannot put in force, on forms shaped like Prosody's and a richer server's. */
class RoomFormTest {

    private static Form form(boolean withMaxUsers) {
        DataForm.Builder b = DataForm.builder(DataForm.Type.form)
                .addField(FormField.buildHiddenFormType("http://jabber.org/protocol/muc#roomconfig"))
                .addField(FormField.textPrivateBuilder(RoomForm.SECRET).build())
                .addField(FormField.booleanBuilder(RoomForm.MEMBERS_ONLY).build())
                .addField(FormField.booleanBuilder(RoomForm.PERSISTENT).build());
        if (withMaxUsers) {
            b.addField(FormField.textSingleBuilder(RoomForm.MAX_USERS).build());
        }
        return new Form(b.build());
    }

    @Test
    void prosodyShapedFormTakesPasswordAndMembersOnlyButNoCap() {
        RoomOptions o = RoomOptions.open("r").withPassword("pw").withMembersOnly(true).withMaxOccupants(5);
        RoomForm.Filled f = RoomForm.fill(form(false), o, false, false);
        assertThat(f.passwordSet()).isTrue();
        assertThat(f.membersOnly()).isTrue();
        assertThat(f.maxUsers()).isFalse();
        assertThat(f.warnings()).isEmpty();
        assertThat(f.form().getField(RoomForm.SECRET).getFirstValue()).isEqualTo("pw");
        assertThat(f.form().getField(RoomForm.PERSISTENT).getFirstValue()).isIn("1", "true");
    }

    @Test
    void aServerWithMaxUsersEnforcesTheCapItself() {
        RoomForm.Filled f = RoomForm.fill(form(true), RoomOptions.open("r").withMaxOccupants(5), null, false);
        assertThat(f.maxUsers()).isTrue();
        assertThat(f.form().getField(RoomForm.MAX_USERS).getFirstValue()).isEqualTo("5");
    }

    @Test
    void aLobbyIsMembersOnlyWhereJitsisModuleIsThere() {
        RoomForm.Filled on = RoomForm.fill(form(false), RoomOptions.open("r").withLobby(true), true, false);
        assertThat(on.lobby()).isTrue();
        assertThat(on.membersOnly()).isTrue();

        RoomForm.Filled absent = RoomForm.fill(form(false), RoomOptions.open("r").withLobby(true), false, false);
        assertThat(absent.lobby()).isFalse();
        assertThat(absent.membersOnly()).isFalse();
        assertThat(absent.warnings()).singleElement().asString().contains("no lobby module");

        RoomForm.Filled focus = RoomForm.fill(form(false), RoomOptions.open("r").withLobby(true), true, true);
        assertThat(focus.lobby()).isFalse();
        assertThat(focus.warnings()).singleElement().asString().contains("'focus'");
    }

    @Test
    void aMissingPasswordFieldIsSaidNotAssumed() {
        Form bare = new Form(DataForm.builder(DataForm.Type.form)
                .addField(FormField.buildHiddenFormType("http://jabber.org/protocol/muc#roomconfig")).build());
        RoomForm.Filled f = RoomForm.fill(bare, RoomOptions.open("r").withPassword("pw"), null, false);
        assertThat(f.passwordSet()).isFalse();
        assertThat(f.warnings()).anyMatch(w -> w.contains("no room password"));
    }
}
