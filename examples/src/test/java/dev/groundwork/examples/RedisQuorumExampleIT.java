package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisQuorumExampleIT {

  @Test
  void threeRedisServersThroughAStopAndRestart() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> lines;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      lines = RedisQuorumExample.run(List.of(), out);
    }

    assertThat(lines.subList(0, 6)).allSatisfy(l -> assertThat(l).doesNotContain("refused"));
    assertThat(lines.get(8)).startsWith("QUORUM write SUCCESS");
    assertThat(lines.get(9)).startsWith("QUORUM read  \"6 left (QUORUM)\"");
    assertThat(lines.get(10)).startsWith("ALL    write INDETERMINATE");
    assertThat(lines.get(11)).startsWith("ALL    read  refused");
    assertThat(lines.get(12)).startsWith("ALL    read  \"").contains("hints replayed");
  }
}
