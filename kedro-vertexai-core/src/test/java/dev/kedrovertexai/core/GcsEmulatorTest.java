package dev.kedrovertexai.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulator the storage tests run against: it starts, answers, and leaves no process behind. */
class GcsEmulatorTest {
  @Test
  void servesTheJsonApiAndStopsWithoutATrace() throws Exception {
    ProcessHandle process;
    try (GcsEmulator storage = GcsEmulator.start()) {
      process = storage.process();
      storage.createBucket("listing");

      assertEquals(List.of(), storage.objectNames("listing", ""));
      storage.put("listing", "a/b c.bin", "one".getBytes(StandardCharsets.UTF_8));
      storage.put("listing", "other/d.bin", "two".getBytes(StandardCharsets.UTF_8));

      assertEquals(List.of("a/b c.bin"), storage.objectNames("listing", "a/"));
      assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), storage.objects("listing", "a/").get("a/b c.bin"));
    }

    process.onExit().get();
    assertFalse(process.isAlive(), "fake-gcs-server " + process.pid() + " is gone");
  }
}
