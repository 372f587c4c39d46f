package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import dev.kedrovertexai.core.GcsEmulator;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.storage.RunManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void theRunsManifestIsInItsTemporaryFolderBeforeItIsSubmitted() throws Exception {
    storage.createBucket("kedro-bucket");
    try (FakeVertexAi fake = FakeVertexAi.loopback(0);
        VertexAccess access = open(fake)) {
      PipelineJob job = service(access).runOnce(Fixtures.submission(Map.of()), new RunOptions(true, false, null));

      String jobId = ConsoleLinks.lastSegment(job.getName());
      String manifestName = "runs/kedro-vertexai-temp/" + jobId + "/manifest.json";
      assertEquals(List.of(manifestName), storage.objectNames("kedro-bucket", ""));
      JsonNode manifest = new ObjectMapper().readTree(storage.objects("kedro-bucket", "").get(manifestName));
      assertEquals(jobId, manifest.get("job").asText());
      assertEquals("vertex-ai", manifest.get("runner").asText());
      assertEquals("gs://kedro-bucket/runs", manifest.get("root").asText());
      JsonNode table = manifest.path("datasets").path("model_input_table");
      assertEquals("gs://kedro-bucket/runs/kedro-vertexai-temp/" + jobId + "/model_input_table.bin", table.get("url").asText());
      assertEquals("[\"data-processing\"]", table.get("saved_by").toString());
      assertEquals("[\"data-science\",\"reporting\"]", table.get("loaded_by").toString());
    }
  }

  @Test
  void cleanUpTakesOnlyThisPipelinesEndedRunsOlderThanTheAge() throws Exception {
    storage.createBucket("kedro-bucket");
    try (FakeVertexAi fake = FakeVertexAi.loopback(0);
        VertexAccess access = open(fake)) {
      Instant now = time.instant();
      run(fake, "old-succeeded", PipelineState.PIPELINE_STATE_SUCCEEDED, now.minus(Duration.ofDays(9)), "__default__");
      run(fake, "old-failed", PipelineState.PIPELINE_STATE_FAILED, now.minus(Duration.ofDays(8)), "__default__");
      run(fake, "old-running", PipelineState.PIPELINE_STATE_RUNNING, now.minus(Duration.ofDays(9)), "__default__");
      run(fake, "recent", PipelineState.PIPELINE_STATE_SUCCEEDED, now.minus(Duration.ofDays(2)), "__default__");
      run(fake, "other-pipeline", PipelineState.PIPELINE_STATE_SUCCEEDED, now.minus(Duration.ofDays(9)), "training");
      storage.put("kedro-bucket", "runs/kedro-vertexai-temp/no-manifest/x.bin", new byte[] {1});
      List<String> before = storage.objectNames("kedro-bucket", "");

      service(access).cleanTempData("Spaceflights", "__default__", Duration.ofDays(7), false);

      assertEquals(before, storage.objectNames("kedro-bucket", ""), "a dry run deletes nothing");
      assertEquals(1, log.matching("Would delete gs://kedro-bucket/runs/kedro-vertexai-temp/old-succeeded/ (2 objects; SUCCEEDED").size(), log.text());
      assertEquals(1, log.matching("Would delete gs://kedro-bucket/runs/kedro-vertexai-temp/old-failed/ (2 objects; FAILED").size(), log.text());
      assertEquals(1, log.matching("Would delete the temporary data of 2 runs older than 168h00m00s; kept 2.").size(), log.text());

      service(access).cleanTempData("Spaceflights", "__default__", Duration.ofDays(7), true);

      List<String> left = new ArrayList<>(before);
      left.removeIf(name -> name.contains("/old-succeeded/") || name.contains("/old-failed/"));
      assertEquals(left, storage.objectNames("kedro-bucket", ""));
    }
  }

  /** A run of this project as run-once leaves it: its job on Vertex AI, its manifest and one stored dataset. */
  private void run(FakeVertexAi fake, String job, PipelineState state, Instant created, String pipeline)
      throws Exception {
    fake.addJob(Fixtures.PARENT, job, Map.of(), state);
    RunManifest manifest = new RunManifest("Spaceflights", pipeline, Fixtures.MANIFEST.datasets());
    String folder = "runs/kedro-vertexai-temp/" + job + "/";
    storage.put(
        "kedro-bucket",
        folder + "manifest.json",
        manifest.json("gs://kedro-bucket/runs", job, RunManifest.RUNNER_VERTEX_AI, created));
    storage.put("kedro-bucket", folder + "model_input_table.bin", new byte[] {1, 2, 3});
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
