package io.prochat.rtc.testing.mattermost;

/** A Mattermost user the stub knows; {@code roles} as Mattermost writes them, e.g. "system_user". */
public record StubUser(String id, String username, String firstName, String lastName, String email, String roles) {

    public static StubUser of(String username, String firstName, String lastName) {
        return new StubUser(MattermostIds.newId(), username, firstName, lastName, username + "@example.org", "system_user");
    }

    public StubUser admin() {
        return new StubUser(id, username, firstName, lastName, email, "system_user system_admin");
    }

    public String fullName() {
        return (firstName + " " + lastName).trim();
    }
}
