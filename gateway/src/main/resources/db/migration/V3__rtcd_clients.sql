-- rtcd clients (the Calls plugin's installations): bcrypt hashes of their keys, never the keys (rtcd.md §1.1).
CREATE TABLE rtcd_clients (
    client_id      VARCHAR(256) PRIMARY KEY,
    key_hash       VARCHAR(100) NOT NULL,
    registered_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
