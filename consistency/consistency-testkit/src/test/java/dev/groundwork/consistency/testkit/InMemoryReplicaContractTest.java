package dev.groundwork.consistency.testkit;

import dev.groundwork.consistency.InMemoryReplica;
import dev.groundwork.consistency.spi.Replica;

class InMemoryReplicaContractTest extends ReplicaContract {
  private final InMemoryReplica<String, String> replica = new InMemoryReplica<>("m");

  @Override
  protected Replica<String, String> replica() {
    return replica;
  }
}
