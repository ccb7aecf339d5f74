package io.prochat.rtc.gateway.packaged;

import io.prochat.rtc.gateway.packaged.Features.Serving;
import io.prochat.rtc.testing.ProsodyServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar with [Jitsi] XMPPHost on, against a real Prosody laid out like Jitsi's (Smack in the shaded jar). */
class JitsiRoomControlIT {
    @TempDir
    Path dir;

    @Test
    void aProtectedRoomIsMadeSeenAndDestroyed() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir.resolve("prosody"));
             Serving jar = Features.serve(dir.resolve("jar"), Features.roomControl(prosody))) {
            Features.checkRoomControl(jar.api(), prosody);
        }
    }
}
