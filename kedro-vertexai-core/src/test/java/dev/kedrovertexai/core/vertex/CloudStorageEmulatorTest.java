package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.aiplatform.v1.PipelineJob;
import dev.kedrovertexai.core.GcsEmulator;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.RecordingLog;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * run-once's bucket check through Google's Java storage client against a real Cloud Storage emulator
 * (fake-gcs-server, via {@code STORAGE_EMULATOR_HOST}), with the Vertex AI fake on loopback: nothing is submitted
 * unless the bucket of {@code run_config.root} exists.
 */
class CloudStorageEmulatorTest {
  private final Fixtures.FakeTime time = new Fixtures.FakeTime();
  private final RecordingLog log = new RecordingLog();
  private GcsEmulator storage;

  @BeforeEach
  void startStorage() throws Exception {
    storage = GcsEmulator.start();
  }

  @AfterEach
  void stopStorage() {
    if (storage != null) {
      storage.close();
    }
  }

  @Test
  void aBucketThatExistsPassesAndTheRunIsSubmitted() throws Exception {
    storage.createBucket("kedro-bucket");
    try (FakeVertexAi fake = FakeVertexAi.loopback(0);
        VertexAccess access = open(fake)) {
      PipelineJob job = service(access).runOnce(Fixtures.submission(Map.of()), new RunOptions(true, false, null));

      assertEquals(1, fake.jobs().size());
      assertEquals(job.getName(), fake.jobs().get(0).getName());
      assertEquals(1, log.matching("Using the Cloud Storage emulator at " + storage.url).size(), log.text());
    }
  }

  @Test
  void aMissingBucketFailsBeforeAnythingIsSubmitted() throws Exception {
    try (FakeVertexAi fake = FakeVertexAi.loopback(0);
        VertexAccess access = open(fake)) {
      VertexAiService service = service(access);

      KedroVertexAiException e =
          assertThrows(
              KedroVertexAiException.class,
              () -> service.runOnce(Fixtures.submission(Map.of()), new RunOptions(true, false, null)));

      assertTrue(e.getMessage().startsWith("The bucket gs://kedro-bucket of run_config.root"), e.getMessage());
      assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
      assertTrue(fake.calls().isEmpty(), "nothing is sent to Vertex AI: " + fake.calls());
    }
  }

  private VertexAccess open(FakeVertexAi fake) throws KedroVertexAiException {
    return VertexAccess.open(
        new ConnectionSettings(
            "http://127.0.0.1:" + fake.port(), null, Map.of("STORAGE_EMULATOR_HOST", storage.url)),
        Fixtures.PROJECT,
        Fixtures.REGION,
        log);
  }

  private VertexAiService service(VertexAccess access) {
    return new VertexAiService(
        access, Fixtures.plainConfig(), log, time, new Random(11), time, Fixtures.FAST_RETRIES, Duration.ofSeconds(10));
  }
}
