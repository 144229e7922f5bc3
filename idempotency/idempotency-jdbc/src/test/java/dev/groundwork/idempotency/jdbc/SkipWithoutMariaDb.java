package dev.groundwork.idempotency.jdbc;

import dev.groundwork.testing.servers.TestServers;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips jqwik properties when no MariaDB is configured, as JUnit skips the suite's other tests (the
 * fixture's assumption), so that both engines report "skipped" with the same reason.
 */
final class SkipWithoutMariaDb implements SkipExecutionHook {

  SkipWithoutMariaDb() {}

  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    String url = System.getenv(TestServers.MARIADB_URL);
    return url == null || url.isBlank()
        ? SkipResult.skip(
            "MariaDB tests are skipped: set " + TestServers.MARIADB_URL + " to run them")
        : SkipResult.doNotSkip();
  }
}
