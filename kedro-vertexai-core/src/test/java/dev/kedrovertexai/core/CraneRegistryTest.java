package dev.kedrovertexai.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry the image tests push to: it serves pushes and pulls, logs them, and leaves no process behind. */
class CraneRegistryTest {
  @Test
  void servesPushesAndPullsAndStopsWithoutATrace() throws Exception {
    ProcessHandle process;
    try (CraneRegistry registry = CraneRegistry.start()) {
      process = registry.process();

      String digest = TestImages.pushBase(registry, "base/python:3.11", Map.of("PYTHON_VERSION", "3.11.7"));

      assertEquals(digest, registry.digest("base/python", "3.11"));
      JsonNode manifest = registry.manifest("base/python", digest);
      assertEquals(1, manifest.get("layers").size());
      assertTrue(
          registry.config("base/python", "3.11").path("config").path("Env").toString().contains("PYTHON_VERSION=3.11.7"));
      String layer = manifest.get("layers").get(0).get("digest").asText();
      assertTrue(registry.uploadedBlobs(0).contains(layer), registry.requests().toString());
    }

    process.onExit().get();
    assertFalse(process.isAlive(), "crane " + process.pid() + " is gone");
  }
}
