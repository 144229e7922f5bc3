package dev.groundwork.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;

/**
 * A three-master Redis Cluster on loopback ports, built by hand (slots assigned with {@code CLUSTER
 * ADDSLOTS}, nodes introduced with {@code CLUSTER MEET}), for tests that must run against Cluster.
 */
public final class RedisTestCluster implements AutoCloseable {

  private static final int SLOTS = 16384;

  private final List<ManagedRedis> nodes = new ArrayList<>();

  private RedisTestCluster() {}

  /**
   * Starts three nodes and joins them; waits (up to 30 s) until every node reports {@code
   * cluster_state:ok}.
   *
   * @return the running cluster; the caller closes it
   * @throws IllegalStateException if the cluster does not come up
   */
  public static RedisTestCluster start() {
    RedisTestCluster cluster = new RedisTestCluster();
    try {
      Path dir = Files.createTempDirectory("groundwork-redis-cluster");
      for (int i = 0; i < 3; i++) {
        cluster.nodes.add(ManagedRedis.startClusterNode(dir));
      }
      List<RedisEndpoint> endpoints = cluster.endpoints();
      for (int i = 0; i < 3; i++) {
        int from = i * SLOTS / 3;
        int to = (i + 1) * SLOTS / 3;
        int[] slots = new int[to - from];
        for (int s = from; s < to; s++) {
          slots[s - from] = s;
        }
        try (Jedis node = new Jedis(endpoints.get(i).host(), endpoints.get(i).port())) {
          node.clusterAddSlots(slots);
        }
      }
      try (Jedis first = new Jedis(endpoints.get(0).host(), endpoints.get(0).port())) {
        for (int i = 1; i < 3; i++) {
          first.clusterMeet(endpoints.get(i).host(), endpoints.get(i).port());
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!cluster.isReady()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the test Redis Cluster did not reach cluster_state:ok");
        }
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * The nodes' addresses.
   *
   * @return three endpoints
   */
  public List<RedisEndpoint> endpoints() {
    List<RedisEndpoint> out = new ArrayList<>();
    for (ManagedRedis node : nodes) {
      out.add(node.endpoint());
    }
    return out;
  }

  private boolean isReady() {
    for (RedisEndpoint e : endpoints()) {
      try (Jedis node = new Jedis(e.host(), e.port())) {
        if (!node.clusterInfo().contains("cluster_state:ok")) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void close() {
    for (ManagedRedis node : nodes) {
      node.close();
    }
  }
}
