-- SFU nodes (serve --role sfu) that gateways place huddles on. Each node writes its own row every second
-- (heartbeat_at in the database's own clock, so no two machines' clocks are compared); a gateway that finds a
-- heartbeat older than the limit marks the node down and moves or ends its calls.
CREATE TABLE sfu_nodes (
    id            VARCHAR(64)   PRIMARY KEY,
    public_url    VARCHAR(500)  NOT NULL, -- where browsers reach the node's join WebSocket
    internal_url  VARCHAR(500)  NOT NULL, -- where gateways reach its internal API
    ice_host      VARCHAR(255),
    udp_port      INTEGER       NOT NULL,
    tcp_port      INTEGER       NOT NULL,
    capacity      INTEGER       NOT NULL,
    participants  INTEGER       NOT NULL,
    rooms         INTEGER       NOT NULL,
    cpu           DOUBLE PRECISION NOT NULL,
    state         VARCHAR(16)   NOT NULL, -- up, draining, down
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    down_at       TIMESTAMP WITH TIME ZONE
);

-- The node a huddle runs on (null: the gateway's own SFU, --role all), and why a call ended when something other
-- than a person or the idle sweeper ended it (e.g. its node was lost and no other could take it).
ALTER TABLE calls ADD COLUMN sfu_node VARCHAR(64);
ALTER TABLE calls ADD COLUMN end_reason VARCHAR(300);
CREATE INDEX calls_sfu_node ON calls (sfu_node, state);
