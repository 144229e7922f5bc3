package dev.groundwork.testing.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The embedded fallback, used whatever the environment variables say. */
class EmbeddedServersTest {

  @Test
  void embeddedRedisAnswersARoundTrip() {
    RedisEndpoint redis = TestServers.embeddedRedis();
    assertThat(redis.embedded()).isTrue();
    String key = TestServers.uniqueName("embedded") + ":k";
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      jedis.set(key, "v1");
      assertThat(jedis.get(key)).isEqualTo("v1");
      assertThat(jedis.del(key)).isEqualTo(1L);
    }
  }

  @Test
  void embeddedPostgresAnswersASelect() throws Exception {
    JdbcEndpoint postgres = TestServers.embeddedPostgres();
    assertThat(postgres.embedded()).isTrue();
    try (Connection c = postgres.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 40 + 2, version()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
      assertThat(rs.getString(2)).startsWith("PostgreSQL");
    }
  }

  @Test
  void managedRedisStopsAndComesBackOnTheSamePort() {
    try (ManagedRedis server = ManagedRedis.startEmbedded()) {
      assertThat(server.usesSystemBinary()).isFalse();
      RedisEndpoint endpoint = server.endpoint();
      try (Jedis jedis = new Jedis(endpoint.host(), endpoint.port())) {
        assertThat(jedis.ping()).isEqualTo("PONG");
      }
      server.stop();
      try (Jedis jedis = new Jedis(endpoint.host(), endpoint.port())) {
        org.assertj.core.api.Assertions.assertThatThrownBy(jedis::ping)
            .isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
      }
      server.resume();
      try (Jedis jedis = new Jedis(endpoint.host(), endpoint.port())) {
        assertThat(jedis.ping()).isEqualTo("PONG");
      }
    }
  }
}
