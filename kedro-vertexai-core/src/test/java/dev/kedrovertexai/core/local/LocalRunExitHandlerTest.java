package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kedrovertexai.core.RecordingLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec laid out as an exit handler compiles (the DAG component's tasks after a start task whose output they take,
 * an exit task that runs whatever their outcome and gets their final status), run with a fake task runtime.
 */
class LocalRunExitHandlerTest {
  @TempDir Path dir;

  private final RecordingLog log = new RecordingLog();

  private LocalRunner runner() {
    return new LocalRunner(
        log, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), new SplittableRandom(7),
        Duration.ofSeconds(2));
  }

  private FakeTaskFixture fixture() throws IOException {
    return FakeTaskFixture.create(dir, "exit-handler-pipeline.json");
  }

  @Test
  void theDagsTasksRunWithTheStartTasksOutputAndTheExitTaskSeesSuccess() throws Exception {
    FakeTaskFixture fixture = fixture();
    fixture.control(Map.of("start", Map.of("output", "mlflow-run-42")));

    LocalRunResult result = runner().run(fixture.request(2, Map.of()));

    assertEquals(List.of("start", "side", "train", "score", "on-exit"), names(result));
    result.tasks().forEach(task -> assertEquals(TaskState.SUCCEEDED, task.state(), task.task()));
    Map<String, JsonNode> starts = fixture.starts();
    for (String task : List.of("side", "train", "score")) {
      assertEquals("mlflow-run-42", starts.get(task).at("/env/MLFLOW_RUN_ID").asText(), task);
      assertEquals("[\"int\",\"3\"]", starts.get(task).at("/params/epochs").toString(), task);
    }
    JsonNode status = FakeTaskFixture.MAPPER.readTree(starts.get("on-exit").at("/options/exit-status").asText());
    assertEquals("SUCCEEDED", status.path("state").asText());
    assertFalse(status.has("error"));
    assertEquals("exit-handler-1", status.path("pipelineTaskName").asText());
    assertEquals("local/pipelineJobs/" + result.jobName(), status.path("pipelineJobResourceName").asText());
    Map<String, JsonNode> ends = fixture.ends();
    for (String task : List.of("start", "side", "train", "score")) {
      assertTrue(
          ends.get(task).path("end").asDouble() <= starts.get("on-exit").path("start").asDouble(),
          task + " ended before the exit task started");
    }
  }

  @Test
  void afterAFailureTheExitTaskStillRunsAndSeesWhichTasksFailed() throws Exception {
    FakeTaskFixture fixture = fixture();
    fixture.control(Map.of("train", Map.of("fail", true)));

    LocalRunException error = assertThrows(LocalRunException.class, () -> runner().run(fixture.request(1, Map.of())));

    Map<String, TaskState> states = states(error.result());
    assertEquals(TaskState.SUCCEEDED, states.get("start"));
    assertEquals(TaskState.SUCCEEDED, states.get("side"));
    assertEquals(TaskState.FAILED, states.get("train"));
    assertEquals(TaskState.SKIPPED, states.get("score"));
    assertEquals(TaskState.SUCCEEDED, states.get("on-exit"));
    JsonNode status =
        FakeTaskFixture.MAPPER.readTree(fixture.starts().get("on-exit").at("/options/exit-status").asText());
    assertEquals("FAILED", status.path("state").asText());
    assertEquals(9, status.at("/error/code").asInt());
    assertTrue(
        status.at("/error/message").asText().endsWith("The failed tasks are: [train]."),
        status.at("/error/message").asText());
    assertTrue(error.getMessage().contains("Task train exited with code 3"), error.getMessage());
    assertTrue(error.getMessage().contains("Not started: score"), error.getMessage());
  }

  @Test
  void aTaskOutputThatWasNeverWrittenFailsItsReadersNamingIt() throws Exception {
    FakeTaskFixture fixture = fixture();
    fixture.control(Map.of("start", Map.of("no_output", true)));

    LocalRunException error = assertThrows(LocalRunException.class, () -> runner().run(fixture.request(1, Map.of())));

    Map<String, TaskState> states = states(error.result());
    assertEquals(TaskState.FAILED, states.get("side"));
    assertEquals(TaskState.SUCCEEDED, states.get("on-exit"));
    assertTrue(
        error.getMessage().contains(
            "task side takes the output parameter 'run_id' of task start, which did not write it to "
                + error.result().runDir().resolve("parameters").resolve("start").resolve("run_id")),
        error.getMessage());
  }

  private static List<String> names(LocalRunResult result) {
    return result.tasks().stream().map(TaskOutcome::task).toList();
  }

  private static Map<String, TaskState> states(LocalRunResult result) {
    Map<String, TaskState> states = new TreeMap<>();
    result.tasks().forEach(task -> states.put(task.task(), task.state()));
    return states;
  }
}
