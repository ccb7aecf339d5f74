package io.prochat.rtc.testing.mattermost;

/** An open channel and its team, as the stub serves them. */
public record StubChannel(String id, String name, String displayName, String teamId, String teamName,
                          String teamDisplayName) {

    public static StubChannel townSquare() {
        return new StubChannel(MattermostIds.newId(), "town-square", "Town Square", MattermostIds.newId(), "acme", "Acme");
    }
}
