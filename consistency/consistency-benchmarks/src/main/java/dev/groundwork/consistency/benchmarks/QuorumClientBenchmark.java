package dev.groundwork.consistency.benchmarks;

import dev.groundwork.consistency.Dot;
import dev.groundwork.consistency.InMemoryReplica;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The quorum client's own cost per operation: a QUORUM read and a QUORUM write over three in-memory
 * replicas (which answer at once), against calling the same three replicas directly and waiting for
 * all of them. What is left is the client: fan-out, counting replies, the deadline, vector clocks,
 * sibling reconciliation and read-repair checks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QuorumClientBenchmark {

  private static final int KEYS = 1024;

  private final List<InMemoryReplica<String, String>> replicas =
      List.of(new InMemoryReplica<>("a"), new InMemoryReplica<>("b"), new InMemoryReplica<>("c"));
  private final QuorumClient<String, String> client =
      QuorumClient.<String, String>builder("bench").replicas(replicas).build();
  private final String[] keys = new String[KEYS];
  private final AtomicLong bareCounter = new AtomicLong();
  private volatile VectorClock seen = VectorClock.empty();

  /** Builds the client and writes every key once, so reads find one version. */
  public QuorumClientBenchmark() {
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "cart:" + i;
      seen = client.write(keys[i], "milk,eggs", seen).requireSuccess().clock().filled();
    }
  }

  private String key() {
    return keys[ThreadLocalRandom.current().nextInt(KEYS)];
  }

  /**
   * A QUORUM read through the client.
   *
   * @return the result
   */
  @Benchmark
  public ReadResult<String> read() {
    return client.read(key());
  }

  /**
   * The same three replicas read directly, waiting for every answer.
   *
   * @return the answers
   */
  @Benchmark
  public List<List<Versioned<String>>> bareRead() {
    String key = key();
    List<List<Versioned<String>>> answers = new ArrayList<>(replicas.size());
    for (InMemoryReplica<String, String> r : replicas) {
      answers.add(r.get(key).toCompletableFuture().join());
    }
    return answers;
  }

  /**
   * A QUORUM write through the client that supersedes the key's previous value: its context is the
   * last write's, folded, which covers every earlier write of the benchmark (a cost measure; an
   * application passes what it read).
   *
   * @return the result
   */
  @Benchmark
  public WriteResult write() {
    WriteResult result = client.write(key(), "milk,eggs,bread", seen);
    seen = result.clock().filled();
    return result;
  }

  /**
   * The same three replicas written directly with a clock that supersedes the previous value.
   *
   * @return the number of replicas written
   */
  @Benchmark
  public int bareWrite() {
    String key = key();
    long n = bareCounter.incrementAndGet();
    List<Versioned<String>> version =
        List.of(
            Versioned.of(
                "milk,eggs,bread",
                new Dot("bare", n),
                n == 1 ? VectorClock.empty() : VectorClock.of(Map.of("bare", n - 1))));
    int written = 0;
    for (InMemoryReplica<String, String> r : replicas) {
      r.put(key, version).toCompletableFuture().join();
      written++;
    }
    return written;
  }
}
