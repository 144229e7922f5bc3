package dev.groundwork.idempotency.redis;

import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.testkit.IdempotencyStoreContract;
import dev.groundwork.idempotency.testkit.ManualClock;
import dev.groundwork.testing.servers.RedisEndpoint;
import dev.groundwork.testing.servers.RedisTestCluster;
import dev.groundwork.testing.servers.TestServers;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/**
 * The contract suite against a three-master Redis Cluster through Jedis's cluster client: keys of
 * one test land on different nodes, scripts are loaded per node on NOSCRIPT, batch claims are
 * pipelined per node. The cluster is started once for the suite and stopped when the JVM exits.
 */
class RedisClusterContractIT extends IdempotencyStoreContract {

  private static @Nullable RedisClusterClient client;

  private static synchronized RedisClusterClient client() {
    RedisClusterClient c = client;
    if (c == null) {
      RedisTestCluster cluster = RedisTestCluster.start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "groundwork-cluster-stop"));
      Set<HostAndPort> nodes = new HashSet<>();
      for (RedisEndpoint e : cluster.endpoints()) {
        nodes.add(new HostAndPort(e.host(), e.port()));
      }
      c = RedisClusterClient.create(nodes);
      client = c;
    }
    return c;
  }

  @Override
  protected IdempotencyStore newStore(ManualClock clock) {
    return RedisIdempotencyStore.builder(client())
        .keyPrefix(TestServers.uniqueName("cluster") + ":")
        .clock(clock)
        .build();
  }
}
