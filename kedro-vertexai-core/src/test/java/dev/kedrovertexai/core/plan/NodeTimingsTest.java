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
  void aMissingFileIsAnErrorNamingItAndWhatWasExpected() {
    Path file = dir.resolve("timings.json");
    assertEquals(file + " does not exist; " + NodeTimings.EXPECTED, message(file));
    assertEquals(dir + " is a directory; " + NodeTimings.EXPECTED, message(dir));
  }

  @Test
  void aMalformedFileIsAnErrorNamingItAndWhatWasExpected() throws Exception {
    Path file = dir.resolve("timings.json");
    Files.writeString(file, "{\"nodes\": {\"a\": \"slow\"}}");
    assertEquals(file + ": \"nodes\".a must be a number of seconds >= 0, found \"slow\"", message(file));

    Files.writeString(file, "{\"nodes\": {\"a\": 1},");
    String notJson = message(file);
    assertTrue(notJson.startsWith(file + " is not valid JSON (line 1, column 20: "), notJson);
    assertTrue(notJson.endsWith("; " + NodeTimings.EXPECTED), notJson);

    Files.writeString(file, "");
    assertEquals(file + " is empty; " + NodeTimings.EXPECTED, message(file));
    Files.writeString(file, "[1, 2]");
    assertEquals(file + " holds a JSON array; " + NodeTimings.EXPECTED, message(file));
    // A compiled plan or spec is an object too, but not timings: it must not pass as "no timings".
    Files.writeString(file, "{\"pipeline\": \"__default__\", \"tasks\": []}");
    assertEquals(file + " has no \"nodes\" object; " + NodeTimings.EXPECTED, message(file));
  }

  private static String message(Path file) {
    return assertThrows(KedroVertexAiException.class, () -> NodeTimings.read(file)).getMessage();
  }
}
