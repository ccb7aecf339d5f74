-- Jitsi rooms still to be destroyed: the outbox of a call's end. A row is written in the same transaction that
-- ends the call, and deleted once the room is gone; a crash after the commit, or Prosody being down, leaves the
-- row for the teardown worker (RoomTeardowns), which retries with back-off and gives up visibly (given_up_at).
-- No reference to calls: the row must be insertable whatever becomes of the call's own record.
CREATE TABLE room_teardowns (
    call_id          VARCHAR(32)   PRIMARY KEY,
    room             VARCHAR(128)  NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error       VARCHAR(1000),
    given_up_at      TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX room_teardowns_due ON room_teardowns (given_up_at, next_attempt_at);
