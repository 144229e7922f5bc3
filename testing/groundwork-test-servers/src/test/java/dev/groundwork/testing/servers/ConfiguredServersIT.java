package dev.groundwork.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Smoke tests of the servers a run is configured with: the ones named by the environment variables,
 * or the embedded fallbacks.
 */
class ConfiguredServersIT {

  @Test
  void redisRoundTrip() {
    RedisEndpoint redis = TestServers.redis();
    String key = TestServers.uniqueName("smoke") + ":counter";
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      assertThat(jedis.incrBy(key, 41)).isEqualTo(41L);
      assertThat(jedis.incr(key)).isEqualTo(42L);
      jedis.del(key);
      assertThat(jedis.exists(key)).isFalse();
    }
  }

  @Test
  void postgresSelect() throws SQLException {
    assertThat(selectAnswer(TestServers.postgres(), "SELECT 6 * 7")).isEqualTo(42);
  }

  @Test
  void mariadbSelect() throws SQLException {
    assertThat(selectAnswer(TestServers.mariadb(), "SELECT 6 * 7")).isEqualTo(42);
  }

  @Test
  void h2Select() throws SQLException {
    assertThat(selectAnswer(TestServers.h2("smoke"), "SELECT 6 * 7")).isEqualTo(42);
  }

  @Test
  void eachTestGetsItsOwnTable() throws SQLException {
    JdbcEndpoint postgres = TestServers.postgres();
    String a = TestServers.uniqueName("isolation");
    String b = TestServers.uniqueName("isolation");
    assertThat(a).isNotEqualTo(b).matches("[a-z0-9_]{1,48}");
    try (HikariDataSource pool = postgres.newPool("smoke", 2);
        Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + a + " (id INT PRIMARY KEY)");
      s.execute("INSERT INTO " + a + " VALUES (1)");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + a)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      s.execute("DROP TABLE " + a);
    }
  }

  private static int selectAnswer(JdbcEndpoint db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }
}
