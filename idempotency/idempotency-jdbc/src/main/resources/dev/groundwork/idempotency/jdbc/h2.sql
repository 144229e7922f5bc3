-- Groundwork idempotency records, H2 2.x. ${table} is the configured table name.
-- Times are microseconds since the epoch on the database clock.
CREATE TABLE IF NOT EXISTS ${table} (
  idem_key       VARCHAR(2048) NOT NULL PRIMARY KEY,
  state          CHAR(1)      NOT NULL,
  owner          VARCHAR(128) NOT NULL,
  fence          BIGINT       NOT NULL,
  fingerprint    CHAR(64)     NOT NULL,
  lease_deadline BIGINT       NOT NULL,
  expires_at     BIGINT       NOT NULL,
  result         BLOB
);
CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at);
