package dev.groundwork.consistency.testkit;

import dev.groundwork.consistency.spi.Replica;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

class SimulatedReplicaContractTest extends ReplicaContract {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final SimulatedReplica<String, String> replica =
      new SimulatedReplica<>("s", scheduler, Duration.ofMillis(3));

  @Override
  protected Replica<String, String> replica() {
    return replica;
  }

  @Override
  protected <T> T await(CompletionStage<T> stage) {
    scheduler.runAll();
    return stage.toCompletableFuture().join();
  }
}
