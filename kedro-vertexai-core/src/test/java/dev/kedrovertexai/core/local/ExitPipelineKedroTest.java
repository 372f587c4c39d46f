package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run_config.on_exit_pipeline against a real Kedro: the example's data_processing pipeline with its report_outcome
 * pipeline on exit. A node fails; the exit pipeline still runs, its node reads the failure from the runtime
 * parameter pipeline_outcome, and the run (so the build) still fails.
 */
class ExitPipelineKedroTest {
  @TempDir Path dir;

  @Test
  void afterAFailingNodeTheExitPipelineRunsAndSeesTheFailure() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    Path project = kedro.copyExample(dir.resolve("project"));
    CompileResult compiled =
        new CompileWorkflow(EventLog.SILENT)
            .compile(
                new ProjectSettings(
                    project,
                    project.resolve("target/vertexai"),
                    "local",
                    "data_processing",
                    kedro.python(),
                    null,
                    List.of(new ConfigOverride("run_config.on_exit_pipeline", "report_outcome", Origin.of("test"))),
                    System.getenv()));
    // preprocess_shuttles_node cannot load its input.
    Files.delete(project.resolve("data/01_raw/shuttles.xlsx"));

    LocalRunException error =
        assertThrows(
            LocalRunException.class,
            () ->
                new LocalRunner(EventLog.SILENT)
                    .run(
                        LocalRunRequest.builder(
                                compiled.files().pipelineSpec(), project, kedro.python(), compiled.files().runsDir())
                            .parallelism(1)
                            .environment(System.getenv())
                            .build()));

    Map<String, TaskState> states = new TreeMap<>();
    error.result().tasks().forEach(task -> states.put(task.task(), task.state()));
    assertEquals(TaskState.FAILED, states.get("preprocess-shuttles-node"), states.toString());
    assertEquals(TaskState.SKIPPED, states.get("create-model-input-table-node"), states.toString());
    assertEquals(TaskState.SUCCEEDED, states.get("report-outcome"), states.toString());
    assertTrue(error.getMessage().contains("Task preprocess-shuttles-node exited with code 1"), error.getMessage());

    // The exit task ran in its own copy of the project, as in its own container: its report is with the run's outputs.
    JsonNode outcome =
        FakeTaskFixture.MAPPER.readTree(
            error.result().outputsDir().resolve("data/08_reporting/run_outcome.json").toFile());
    assertEquals("FAILED", outcome.path("status").asText(), outcome.toString());
    assertEquals("[\"preprocess-shuttles-node\"]", outcome.path("failed_tasks").toString());
    assertEquals(error.result().jobName(), outcome.path("job_name").asText());
  }
}
