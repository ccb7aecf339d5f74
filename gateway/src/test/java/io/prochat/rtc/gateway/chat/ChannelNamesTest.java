package io.prochat.rtc.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.mattermost.api.MattermostClient;
import io.prochat.rtc.testing.mattermost.MattermostIds;
import io.prochat.rtc.testing.mattermost.MattermostStub;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The channel name the join page shows, from a Mattermost stub: found, kept, not kept when the lookup fails. */
class ChannelNamesTest {
    @Test
    void aChannelsDisplayNameIsLookedUpOnceAndKept() {
        try (MattermostStub mm = MattermostStub.start();
             MattermostClient client = MattermostClient.builder(mm.url(), MattermostStub.BOT_TOKEN).build();
             ChannelNames names = new ChannelNames(client)) {
            String id = mm.channel.id();
            // the first lookup may take longer than the page waits: it answers once Mattermost has
            Optional<String> name = names.nameOf(id);
            while (name.isEmpty()) {
                name = names.nameOf(id);
            }
            assertThat(name).hasValue("Town Square");
            assertThat(names.nameOf(id)).hasValue("Town Square");
            assertThat(mm.requests("GET", "/api/v4/channels/" + id)).hasSize(1);
        }
    }

    @Test
    void anUnknownChannelHasNoNameAndIsAskedAgainLater() {
        try (MattermostStub mm = MattermostStub.start();
             MattermostClient client = MattermostClient.builder(mm.url(), MattermostStub.BOT_TOKEN).build();
             ChannelNames names = new ChannelNames(client)) {
            String missing = MattermostIds.newId();
            while (mm.requests("GET", "/api/v4/channels/" + missing).isEmpty()) {
                assertThat(names.nameOf(missing)).isEmpty();
            }
            while (mm.requests("GET", "/api/v4/channels/" + missing).size() < 2) {
                assertThat(names.nameOf(missing)).isEmpty(); // a failure is not kept: asked again
            }
            assertThat(names.nameOf("not a mattermost id")).isEmpty();
            assertThat(new ChannelNames(null).nameOf(mm.channel.id())).as("no bot, nothing to ask").isEmpty();
        }
    }
}
