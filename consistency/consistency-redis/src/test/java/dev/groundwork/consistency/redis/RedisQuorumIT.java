package dev.groundwork.consistency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.consistency.ConsistencyLevel;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.QuorumException;
import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.WriteResult;
import dev.groundwork.consistency.testkit.History;
import dev.groundwork.consistency.testkit.LinearizabilityChecker;
import dev.groundwork.consistency.testkit.SetWorkload;
import dev.groundwork.testing.servers.ManagedRedis;
import dev.groundwork.testing.servers.RedisEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * Three real Redis servers as three replicas (the machine's redis-server when present, else the
 * embedded one), each syncing its append-only file on every write so that what it acknowledged
 * survives a restart.
 */
class RedisQuorumIT {

  @TempDir Path dir;
  private final List<ManagedRedis> servers = new ArrayList<>();
  private final List<RedisReplica> replicas = new ArrayList<>();
  private String prefix = "unset";

  @BeforeEach
  void start() throws Exception {
    prefix = TestServers.uniqueName("quorum") + ":";
    for (String id : List.of("a", "b", "c")) {
      Path data = Files.createDirectories(dir.resolve(id));
      ManagedRedis server = ManagedRedis.startPersistent(data);
      servers.add(server);
      replicas.add(
          new RedisReplica(
              id, RedisClient.create(server.endpoint().host(), server.endpoint().port()), prefix));
    }
  }

  @AfterEach
  void stop() {
    replicas.forEach(RedisReplica::close);
    servers.forEach(ManagedRedis::close);
  }

  private QuorumClient<String, String> client(String node, ConsistencyLevel level) {
    return QuorumClient.<String, String>builder(node)
        .replicas(replicas)
        .readLevel(level)
        .writeLevel(level)
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  @Test
  void everyLevelWorksWhileAllServersAreUp() {
    for (ConsistencyLevel level :
        List.of(ConsistencyLevel.ONE, ConsistencyLevel.QUORUM, ConsistencyLevel.ALL)) {
      QuorumClient<String, String> client = client("n-" + level, level);
      WriteResult w = client.write("k-" + level, "v", VectorClock.empty()).requireSuccess();
      assertThat(w.acked()).hasSizeGreaterThanOrEqualTo(client.w());
      assertThat(client.read("k-" + level).value()).contains("v");
    }
  }

  @Test
  void withOneServerDownQuorumWorksAllFailsAndTheServerConvergesWhenBack() {
    QuorumClient<String, String> quorum = client("n1", ConsistencyLevel.QUORUM);
    QuorumClient<String, String> all = client("n2", ConsistencyLevel.ALL);
    WriteResult before = quorum.write("k", "before", VectorClock.empty()).requireSuccess();

    servers.get(2).stop();
    WriteResult during = quorum.write("k", "during", before.clock()).requireSuccess();
    assertThat(during.acked()).containsExactlyInAnyOrder("a", "b");
    // c had either refused or not answered yet when the quorum was reached
    assertThat(during.failed().contains("c") || during.timedOut().contains("c")).isTrue();
    assertThat(quorum.read("k").value()).contains("during");
    assertThatThrownBy(() -> all.read("k"))
        .isInstanceOfSatisfying(
            QuorumException.class,
            e -> assertThat(e.failed().contains("c") || e.timedOut().contains("c")).isTrue());
    assertThat(quorum.pendingHints("c")).isPositive();

    servers.get(2).resume();
    quorum.replayHints();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (quorum.pendingHints("c") > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    List<Versioned<String>> onC = replicas.get(2).get("k").toCompletableFuture().join();
    assertThat(onC).extracting(Versioned::value).containsExactly("during");
    assertThat(all.read("k").value()).contains("during");
  }

  /**
   * Issue 16, defect 7: a replica that missed a delete kept the old value, the tombstones on the
   * others expired, and read repair wrote the old value back everywhere. Tombstones are now kept by
   * default; the opt-in retention shows the rule it must respect (longer than any outage).
   */
  @Test
  void aDeletedValueNeverComesBackFromAReplicaThatMissedTheDelete() throws Exception {
    assertThat(deleteWhileCIsDown(replicas, "kept").value()).as("tombstones kept").isEmpty();
    assertThat(replicas.get(2).get("kept").toCompletableFuture().join())
        .as("c repaired to the tombstone")
        .singleElement()
        .matches(Versioned::isTombstone);

    String shortPrefix = prefix + "short:";
    List<RedisReplica> expiring = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RedisEndpoint e = servers.get(i).endpoint();
      expiring.add(
          new RedisReplica(
              List.of("a", "b", "c").get(i),
              RedisClient.create(e.host(), e.port()),
              shortPrefix,
              Duration.ofMillis(300)));
    }
    try {
      assertThat(deleteWhileCIsDown(expiring, "lost").value())
          .as("a retention shorter than c's outage breaks the rule: the value comes back")
          .contains("v");
    } finally {
      expiring.forEach(RedisReplica::close);
    }
  }

  /** Writes v everywhere, deletes it while c is down (the deleter and its hints then vanish). */
  private ReadResult<String> deleteWhileCIsDown(List<RedisReplica> over, String key)
      throws InterruptedException {
    QuorumClient<String, String> writer =
        QuorumClient.<String, String>builder("w")
            .replicas(over)
            .writeLevel(ConsistencyLevel.ALL)
            .build();
    WriteResult written = writer.write(key, "v", VectorClock.empty()).requireSuccess();
    servers.get(2).stop();
    try (QuorumClient<String, String> deleter =
        QuorumClient.<String, String>builder("d")
            .replicas(over)
            .timeout(Duration.ofSeconds(1))
            .build()) {
      deleter.delete(key, written.clock()).requireSuccess();
    }
    Thread.sleep(600); // longer than the short retention
    servers.get(2).resume();
    awaitUp(over.get(2), key);
    try (QuorumClient<String, String> reader =
        QuorumClient.<String, String>builder("r")
            .replicas(over)
            .readLevel(ConsistencyLevel.ALL)
            .timeout(Duration.ofSeconds(2))
            .build()) {
      return reader.read(key);
    }
  }

  private static void awaitUp(RedisReplica replica, String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        replica.get(key).toCompletableFuture().join();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
  }

  @Test
  void aConcurrentWorkloadStaysLinearizableThroughAStopAndRestart() throws Exception {
    QuorumClient<String, String> client = client("writer", ConsistencyLevel.QUORUM);
    History history = new History(System::nanoTime);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger operations = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> workers = new ArrayList<>();
    workers.add(
        pool.submit(
            () -> {
              VectorClock clock = VectorClock.empty();
              for (int i = 0; running.get() && i < 400; i++) {
                String value = "v" + i;
                History.Pending op = history.invokeWrite("writer", "k", value);
                WriteResult w = client.write("k", value, clock);
                switch (w.outcome()) {
                  case SUCCESS -> op.ok();
                  case NOT_APPLIED -> op.fail();
                  default -> op.info();
                }
                clock = w.clock();
                operations.incrementAndGet();
              }
              return null;
            }));
    for (int r = 0; r < 2; r++) {
      String reader = "reader-" + r;
      workers.add(
          pool.submit(
              () -> {
                while (running.get()) {
                  History.Pending op = history.invokeRead(reader, "k");
                  try {
                    ReadResult<String> read = client.read("k");
                    op.ok(read.value().orElse(null));
                  } catch (QuorumException e) {
                    op.fail();
                  }
                  operations.incrementAndGet();
                }
                return null;
              }));
    }
    awaitOperations(operations, 150);
    servers.get(1).stop();
    awaitOperations(operations, 400);
    servers.get(1).resume();
    awaitOperations(operations, 700);
    running.set(false);
    for (Future<?> w : workers) {
      w.get(60, TimeUnit.SECONDS);
    }
    pool.shutdownNow();

    LinearizabilityChecker.Result result = LinearizabilityChecker.check(history);
    System.out.println("RedisQuorumIT: " + history.operations().size() + " operations, " + result);
    assertThat(result.linearizable()).as(result.toString()).isTrue();
  }

  /**
   * Issue 16: two clients, each shared by three threads, add unique elements to one set by
   * read-modify-write and by blind writes while one server is stopped and restarted; every element
   * whose write was acknowledged is in the final read (counted by the test, not by the client).
   */
  @Test
  void manyWritersThroughSharedClientsLoseNoAcknowledgedElement() throws Exception {
    List<QuorumClient<String, String>> clients =
        List.of(client("w1", ConsistencyLevel.QUORUM), client("w2", ConsistencyLevel.QUORUM));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger operations = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      QuorumClient<String, String> client = clients.get(t % 2);
      String thread = "t" + t;
      workers.add(
          pool.submit(
              () -> {
                for (int i = 0; running.get() && i < 300; i++) {
                  String element = thread + "-" + i;
                  try {
                    WriteResult w;
                    if (i % 4 == 0) {
                      w = client.write("set", element, VectorClock.empty());
                    } else {
                      ReadResult<String> read = client.read("set");
                      Set<String> set = SetWorkload.elements(read);
                      set.add(element);
                      w = client.write("set", SetWorkload.value(set), read.context());
                    }
                    if (w.isSuccess()) {
                      acknowledged.add(element);
                    }
                  } catch (QuorumException e) {
                    // a read without its quorum: nothing was written
                  }
                  operations.incrementAndGet();
                }
                return null;
              }));
    }
    awaitOperations(operations, 200);
    servers.get(0).stop();
    awaitOperations(operations, 500);
    servers.get(0).resume();
    awaitOperations(operations, 900);
    running.set(false);
    for (Future<?> w : workers) {
      w.get(60, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
    for (QuorumClient<String, String> client : clients) {
      client.replayHints();
    }

    Set<String> found = SetWorkload.elements(client("checker", ConsistencyLevel.ALL).read("set"));
    Set<String> lost = new TreeSet<>(acknowledged);
    lost.removeAll(found);
    assertThat(acknowledged).hasSizeGreaterThan(300);
    assertThat(lost).as("%d of %d acknowledged lost", lost.size(), acknowledged.size()).isEmpty();
  }

  private static void awaitOperations(AtomicInteger operations, int atLeast) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (operations.get() < atLeast && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }
}
