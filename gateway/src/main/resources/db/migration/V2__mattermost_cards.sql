-- The Mattermost post (the call card) that shows each call, so the bot can rewrite it when the call ends.
CREATE TABLE chat_posts (
    call_id        VARCHAR(32)  PRIMARY KEY REFERENCES calls (id),
    post_id        VARCHAR(64)  NOT NULL,
    channel_id     VARCHAR(64)  NOT NULL,
    posted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    card_ended_at  TIMESTAMP WITH TIME ZONE
);

-- Button contexts already used (End once; Join once per click): a replayed click is refused.
-- Rows older than the buttons' validity are purged, since such contexts are refused as expired anyway.
CREATE TABLE action_nonces (
    nonce_key  VARCHAR(300) PRIMARY KEY,
    used_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX action_nonces_used_at ON action_nonces (used_at);

-- Keys the gateway generates for itself (the buttons' HMAC key), kept so they survive restarts.
CREATE TABLE gateway_secrets (
    name        VARCHAR(64)  PRIMARY KEY,
    secret      VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
