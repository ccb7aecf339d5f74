package io.prochat.rtc.gateway.packaged;

import io.prochat.rtc.gateway.packaged.Features.Serving;
import io.prochat.rtc.testing.mattermost.MattermostStub;
import io.prochat.rtc.testing.mattermost.StubUser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar with the bot and both slash commands on, against the Mattermost-shaped WireMock server (OkHttp). */
class MattermostIT {
    @TempDir
    Path dir;

    @Test
    void huddleAndMeetPostACardThatEndPatches() {
        try (MattermostStub mm = MattermostStub.start();
             Serving jar = Features.serve(dir, Features.mattermost(mm))) {
            StubUser alice = mm.addUser(StubUser.of("alice", "Alice", "Anderson"));
            Features.checkMattermost(jar, mm, alice);
        }
    }
}
