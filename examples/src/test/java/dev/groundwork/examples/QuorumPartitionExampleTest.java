package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumPartitionExampleTest {

  @Test
  void eachLevelDoesWhatItsQuorumAllows() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> lines;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      lines = QuorumPartitionExample.run(out);
    }

    assertThat(lines.get(0)).startsWith("ONE    write SUCCESS");
    assertThat(lines.get(2)).startsWith("QUORUM write SUCCESS");
    assertThat(lines.get(3)).contains("\"120 (QUORUM)\"");
    assertThat(lines.get(4)).startsWith("ALL    write INDETERMINATE").contains("[c]");
    assertThat(lines.get(5)).startsWith("ALL    read  refused: 2 of 3");
    // With a and b cut off, ONE answers from c alone, which missed the writes: stale.
    assertThat(lines.get(6)).startsWith("ONE    read  \"100\" from [c]");
    assertThat(lines.get(7)).startsWith("QUORUM read  refused: 1 of 2");
    assertThat(lines.get(8)).startsWith("ALL    read  refused: 1 of 3");
    // After healing every replica agrees, on the INDETERMINATE write that had reached a and b.
    assertThat(lines.get(9))
        .startsWith("ALL    read  \"120 (ALL)\" from [")
        .contains("hints replayed");
  }
}
