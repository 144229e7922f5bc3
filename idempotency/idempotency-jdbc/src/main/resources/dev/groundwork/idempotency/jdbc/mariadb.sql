-- Groundwork idempotency records, MariaDB 10.5+. ${table} is the configured table name.
-- Times are microseconds since the epoch on the database clock. Keys are the UTF-8 bytes, compared
-- byte for byte: a text collation would make 'Key' and 'key' one key (the _ci ones) or 'pad' and
-- 'pad ' one key (utf8mb4_bin pads with spaces). 2048 bytes fit InnoDB's 3072-byte index limit.
CREATE TABLE IF NOT EXISTS ${table} (
  idem_key       VARBINARY(2048) NOT NULL PRIMARY KEY,
  state          CHAR(1)      NOT NULL,
  owner          VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  fence          BIGINT       NOT NULL,
  fingerprint    CHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  lease_deadline BIGINT       NOT NULL,
  expires_at     BIGINT       NOT NULL,
  result         LONGBLOB
) ENGINE = InnoDB;
CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at);
