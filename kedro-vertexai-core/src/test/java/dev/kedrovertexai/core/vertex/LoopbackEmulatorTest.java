package dev.kedrovertexai.core.vertex;

import dev.kedrovertexai.core.RecordingLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.protobuf.util.JsonFormat;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emulator mode end to end: {@code vertexai.endpoint=http://127.0.0.1:<port>} against the fake on
 * Netty.
 */
class LoopbackEmulatorTest {
  private final Fixtures.FakeTime time = new Fixtures.FakeTime();
  private final RecordingLog log = new RecordingLog();

  private VertexAiService service(VertexAccess access) {
    return new VertexAiService(
        access,
        Fixtures.plainConfig(),
        log,
        time,
        new Random(11),
        time,
        Fixtures.FAST_RETRIES,
        Duration.ofSeconds(10));
  }

  @Test
  void runsAndWaitsThroughAPlaintextEndpointWithoutCredentials() throws Exception {
    try (FakeVertexAi fake = FakeVertexAi.loopback(0);
        VertexAccess access =
            VertexAccess.open(
                new ConnectionSettings("http://127.0.0.1:" + fake.port(), null, Map.of()),
                Fixtures.PROJECT,
                Fixtures.REGION,
                log)) {
      PipelineJob job =
          service(access).runOnce(Fixtures.submission(Map.of()), new RunOptions(true, true, null));

      assertEquals(PipelineState.PIPELINE_STATE_SUCCEEDED, job.getState());
      assertEquals(1, fake.jobs().size());
      assertEquals(
          List.of(Fixtures.PARENT + "/metadataStores/default/contexts/spaceflights"),
          fake.context(FakeVertexAi.runContextName(job.getName())).getParentContextsList(),
          "recorded in the experiment through the MetadataService on Netty");
      assertEquals("no credentials (emulator)", access.identity());
      assertEquals(
          1,
          log.matching("Using the Vertex AI emulator at 127.0.0.1:" + fake.port()).size(),
          log.text());
      assertEquals(1, log.matching("Not checking bucket gs://kedro-bucket").size(), log.text());
    }
  }

  @Test
  void theCommandLineFakeRecordsJobsAndFailsTheNamedTask(@TempDir Path dir) throws Exception {
    Path record = dir.resolve("jobs");
    try (FakeVertexAi fake =
            FakeVertexAi.fromArguments(
                "--port", "0", "--fail-task", "*", "--record", record.toString());
        VertexAccess access =
            VertexAccess.open(
                new ConnectionSettings("http://127.0.0.1:" + fake.port() + "/", null, Map.of()),
                Fixtures.PROJECT,
                Fixtures.REGION,
                log)) {
      KedroVertexAiException e =
          assertThrows(
              KedroVertexAiException.class,
              () ->
                  service(access)
                      .runOnce(Fixtures.submission(Map.of()), new RunOptions(false, true, null)));

      assertTrue(
          e.getMessage().contains("  - data-processing: fake failure in task data-processing"),
          e.getMessage());
      List<Path> recorded;
      try (Stream<Path> files = Files.list(record)) {
        recorded = files.toList();
      }
      assertEquals(1, recorded.size());
      PipelineJob.Builder stored = PipelineJob.newBuilder();
      JsonFormat.parser().merge(Files.readString(recorded.get(0)), stored);
      assertEquals(
          recorded.get(0).getFileName().toString(),
          ConsoleLinks.lastSegment(stored.getName()) + ".json");
      assertEquals("spaceflights", stored.getLabelsOrThrow(JobLabels.PROJECT));
    }
  }

  @Test
  void storageEmulatorHostSendsTheBucketCheckToTheEmulator() throws Exception {
    try (FakeVertexAi fake = FakeVertexAi.loopback(0);
        VertexAccess access =
            VertexAccess.open(
                new ConnectionSettings(
                    "http://127.0.0.1:" + fake.port(),
                    null,
                    Map.of("STORAGE_EMULATOR_HOST", "http://127.0.0.1:9023")),
                Fixtures.PROJECT,
                Fixtures.REGION,
                log)) {
      assertTrue(access.buckets() instanceof GcsBuckets, "the bucket check is not skipped");
      assertEquals(
          1,
          log.matching("Using the Cloud Storage emulator at http://127.0.0.1:9023 (STORAGE_EMULATOR_HOST)")
              .size(),
          log.text());
    }
  }
}
