-- Groundwork idempotency records, PostgreSQL. ${table} is the configured table name.
-- Times are microseconds since the epoch on the database clock. Keys are compared exactly (the
-- default collation is deterministic) and the store keeps them up to 2048 bytes.
CREATE TABLE IF NOT EXISTS ${table} (
  idem_key       TEXT         NOT NULL PRIMARY KEY,
  state          CHAR(1)      NOT NULL,  -- P in progress, C completed
  owner          VARCHAR(128) NOT NULL,
  fence          BIGINT       NOT NULL,
  fingerprint    CHAR(64)     NOT NULL,  -- SHA-256, hexadecimal
  lease_deadline BIGINT       NOT NULL,
  expires_at     BIGINT       NOT NULL,
  result         BYTEA
);
CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at);
