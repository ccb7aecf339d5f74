-- Several gateways on one store (issue 15, item 3).
-- Leases: who does a periodic job that must run on one gateway at a time ('sweeper'), and which gateways are alive
-- ('gateway:<instance>', renewed by each gateway for itself). Taken and renewed with one conditional UPDATE, or an
-- INSERT that only one of two racing gateways wins (the primary key); a lease whose holder stops renewing expires.
CREATE TABLE leases (
    name        VARCHAR(128) PRIMARY KEY,
    holder      VARCHAR(64)  NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The gateway process whose in-memory SFU holds a huddle's room: only it can tell whether the room is empty, and
-- only it can close the room when another gateway ends the call. NULL: not an SFU room, or a call made before V6.
ALTER TABLE calls ADD COLUMN room_holder VARCHAR(64);
CREATE INDEX calls_holder_state ON calls (room_holder, state);

-- The card rewrite as a claimed outbox item, as room_teardowns: a try is taken by a conditional UPDATE (attempts
-- counted, next try moved on) before Mattermost is asked, so two gateways never both make it, and a gateway that
-- dies mid-try leaves the card to the next one once card_next_attempt_at passes.
ALTER TABLE chat_posts ADD COLUMN card_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE chat_posts ADD COLUMN card_next_attempt_at TIMESTAMP WITH TIME ZONE;
