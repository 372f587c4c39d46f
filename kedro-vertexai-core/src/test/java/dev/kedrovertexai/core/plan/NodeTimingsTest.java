package dev.kedrovertexai.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTimingsTest {
  @TempDir Path dir;

  @Test
  void aMissingFileMeansNoTimings() throws Exception {
    assertEquals(NodeTimings.EMPTY, NodeTimings.read(dir.resolve("timings.json")));
  }

  @Test
  void readsNodeAndTaskSeconds() throws Exception {
    Path file = dir.resolve("timings.json");
    Files.writeString(
        file, "{\"job\": \"tiny-20240601\", \"nodes\": {\"ns.a\": 1.5, \"b\": 3}, \"tasks\": {\"a\": 4.0}}");
    NodeTimings timings = NodeTimings.read(file);
    assertEquals("tiny-20240601", timings.job());
    assertEquals(OptionalDouble.of(1.5), timings.seconds("ns.a"));
    assertEquals(OptionalDouble.empty(), timings.seconds("c"));
    assertEquals(4.0, timings.tasks().get("a"));
  }

  @Test
  void aBrokenFileIsAnErrorNamingIt() throws Exception {
    Path file = dir.resolve("timings.json");
    Files.writeString(file, "{\"nodes\": {\"a\": \"slow\"}}");
    KedroVertexAiException e = assertThrows(KedroVertexAiException.class, () -> NodeTimings.read(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("nodes"), e.getMessage());
  }
}
