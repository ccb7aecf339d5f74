-- Calls with the routing decision that placed them: nothing here may be lost across a restart.
CREATE TABLE calls (
    id                VARCHAR(32)   PRIMARY KEY,
    requested_kind    VARCHAR(16)   NOT NULL,
    kind              VARCHAR(16)   NOT NULL,
    backend           VARCHAR(16)   NOT NULL,
    route_reason      VARCHAR(1000) NOT NULL,
    route_fallback    BOOLEAN       NOT NULL,
    route_mode        VARCHAR(16)   NOT NULL,
    title             VARCHAR(200),
    channel_id        VARCHAR(64),
    created_by_id     VARCHAR(64)   NOT NULL,
    created_by_name   VARCHAR(128)  NOT NULL,
    created_by_email  VARCHAR(254),
    created_by_avatar VARCHAR(1000),
    needs_json        VARCHAR(2000) NOT NULL,
    room              VARCHAR(128)  NOT NULL,
    join_url          VARCHAR(2000) NOT NULL,
    state             VARCHAR(16)   NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at          TIMESTAMP WITH TIME ZONE
);
CREATE INDEX calls_channel_state ON calls (channel_id, state);
CREATE INDEX calls_state_created ON calls (state, created_at);

-- Who was given a personal join, and when: the call's attendance record.
CREATE TABLE participants (
    call_id    VARCHAR(32)  NOT NULL REFERENCES calls (id),
    user_id    VARCHAR(64)  NOT NULL,
    name       VARCHAR(128) NOT NULL,
    email      VARCHAR(254),
    moderator  BOOLEAN      NOT NULL,
    joined_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (call_id, user_id)
);

-- API keys are stored only as SHA-256 hashes (the keys are 256-bit random, so a fast hash is enough).
CREATE TABLE api_keys (
    key_hash   VARCHAR(64)  PRIMARY KEY,
    label      VARCHAR(128) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
