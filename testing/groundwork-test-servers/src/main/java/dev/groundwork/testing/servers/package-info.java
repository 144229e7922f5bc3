/**
 * Real servers for tests: Redis, PostgreSQL, MariaDB and H2.
 *
 * <p>Each server comes from an environment variable when it is set ({@code GROUNDWORK_REDIS_URL},
 * {@code GROUNDWORK_POSTGRES_URL}, {@code GROUNDWORK_MARIADB_URL}); otherwise an embedded server is
 * started from a Maven artifact on first use and stopped when the test JVM exits. MariaDB has no
 * embedded form, so its tests are skipped, with a message saying how to enable them, when its
 * variable is unset. H2 always runs in process.
 *
 * <p>This is the one place that knows how to find a server; test suites of every module depend on
 * it rather than copying it.
 */
@NullMarked
package dev.groundwork.testing.servers;

import org.jspecify.annotations.NullMarked;
