package io.prochat.rtc.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.calls.CallNeeds;
import org.junit.jupiter.api.Test;

/** How the text after /huddle and /meet is read. */
class CommandTextTest {

    @Test
    void aLoneSubCommandIsThatSubCommandInAnyCase() {
        assertThat(CommandText.parse("status", false)).isInstanceOf(CommandText.Status.class);
        assertThat(CommandText.parse("  END ", true)).isInstanceOf(CommandText.End.class);
        assertThat(CommandText.parse("help", false)).isEqualTo(new CommandText.Help(null));
    }

    @Test
    void moreWordsAreATopicEvenWhenTheyStartWithASubCommand() {
        assertThat(CommandText.parse("end of sprint review", false))
                .isEqualTo(new CommandText.Start("end of sprint review", CallNeeds.NONE));
        assertThat(CommandText.parse("start   standup", false)).isEqualTo(new CommandText.Start("standup", CallNeeds.NONE));
        assertThat(CommandText.parse("", false)).isEqualTo(new CommandText.Start(null, CallNeeds.NONE));
        assertThat(CommandText.parse("start", false)).isEqualTo(new CommandText.Start(null, CallNeeds.NONE));
    }

    @Test
    void meetingFlagsMayStandAnywhere() {
        assertThat(CommandText.parse("--record Quarterly --PASSWORD review --guests", true))
                .isEqualTo(new CommandText.Start("Quarterly review", new CallNeeds(true, true, null, false, true)));
    }

    @Test
    void unknownFlagsHuddleFlagsTyposAndLongTopicsGetHelp() {
        assertThat(CommandText.parse("x --lobby", true)).isEqualTo(new CommandText.Help("unknown option `--lobby`"));
        assertThat(CommandText.parse("x --record", false)).isInstanceOf(CommandText.Help.class);
        assertThat(CommandText.parse("stauts", false))
                .isEqualTo(new CommandText.Help("`stauts` is not a sub-command (did you mean `status`?)"));
        assertThat(CommandText.parse("hepl", false)).isInstanceOf(CommandText.Help.class);
        assertThat(CommandText.parse("sync", false)).isEqualTo(new CommandText.Start("sync", CallNeeds.NONE));
        assertThat(CommandText.parse("and", false)).isEqualTo(new CommandText.Start("and", CallNeeds.NONE));
        assertThat(CommandText.parse("x".repeat(201), false)).isInstanceOf(CommandText.Help.class);
    }

    @Test
    void tokensAreCheckedInEveryCopyPresent() {
        CommandTokens t = new CommandTokens("s3cret");
        assertThat(t.accepts("Token s3cret", "s3cret")).isTrue();
        assertThat(t.accepts("token s3cret", null)).isTrue();
        assertThat(t.accepts(null, "s3cret")).isTrue();
        assertThat(t.accepts("Bearer oauth", "s3cret")).isTrue();
        assertThat(t.accepts("Token s3cret", "other")).isFalse();
        assertThat(t.accepts("Token other", "s3cret")).isFalse();
        assertThat(t.accepts(null, null)).isFalse();
        assertThat(t.accepts("Bearer s3cret", "")).isFalse();
    }
}
