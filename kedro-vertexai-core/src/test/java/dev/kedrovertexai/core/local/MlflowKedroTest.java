package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.MlflowServer;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.config.GroupingConfig;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow tracking against a real tracking server and a real kedro-mlflow: the example in its Kedro env {@code
 * mlflow} (kedro-mlflow's metrics datasets, report_outcome on exit), compiled through live introspection (which
 * reports kedro-mlflow, so the pipeline opens one MLflow run first) and run locally. Checked through MLflow's REST
 * API: one run for the whole pipeline, with kedro-vertexai's tags, the metrics of both modelling namespaces (logged
 * from different tasks) and the pipeline's outcome as its status.
 */
class MlflowKedroTest {
  private static final String OUTCOME = "data/08_reporting/run_outcome.json";

  @TempDir Path dir;

  @Test
  void everyTaskLogsIntoOneRunThatEndsWithThePipelinesOutcome() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_MLFLOW);
    Path project = kedro.copyExample(dir.resolve("project"));
    try (MlflowServer server = MlflowServer.start(dir.resolve("mlflow"))) {
      pointAt(server, project);
      CompileResult compiled = compile(kedro, project);
      JsonNode spec = FakeTaskFixture.MAPPER.readTree(compiled.compiled().specJson());
      assertTrue(spec.at("/components/comp-exit-handler-1/dag/tasks").has("mlflow-start-run"), "introspection found kedro-mlflow");

      LocalRunResult result = new LocalRunner(EventLog.SILENT).run(request(kedro, project, compiled));

      result.tasks().forEach(task -> assertEquals(TaskState.SUCCEEDED, task.state(), task.task()));
      String experiment = server.experimentId("spaceflights");
      List<JsonNode> runs = server.runs(experiment);
      assertEquals(1, runs.size(), "one MLflow run for the whole pipeline: " + runs);
      JsonNode run = runs.get(0);
      assertEquals("FINISHED", run.at("/info/status").asText());
      Map<String, String> tags = MlflowServer.values(run, "tags");
      assertEquals(result.jobName(), tags.get("vertexai_job_name"));
      assertTrue(tags.getOrDefault("vertexai_run_id", "").matches("[0-9a-f-]{36}"), tags.toString());
      assertEquals("spaceflights", tags.get("kedro_project"));
      assertEquals("__default__", tags.get("kedro_pipeline"));
      assertEquals("mlflow", tags.get("kedro_env"));
      Map<String, String> metrics = MlflowServer.values(run, "metrics");
      for (String namespace : List.of("active_modelling", "candidate_modelling")) {
        for (String metric : List.of("r2_score", "mae", "test_rows")) {
          assertTrue(metrics.containsKey(namespace + ".metrics." + metric), namespace + "." + metric + " in " + metrics);
        }
      }
      Map<String, String> params = MlflowServer.values(run, "params");
      assertTrue(params.containsKey("active_modelling.model_options"), params.toString());
      assertTrue(params.containsKey("candidate_modelling.model_options"), params.toString());
      // The exit task ran in its own folder too: what it wrote is in the run's outputs, not in the project.
      assertEquals("SUCCEEDED", outcome(result.outputsDir()).path("status").asText());
      assertFalse(Files.exists(project.resolve(OUTCOME)), "nothing written into the project");

      // A failing node: the pipeline's run ends FAILED, and it is again the only run of that pipeline run.
      Files.delete(project.resolve("data/01_raw/shuttles.xlsx"));
      LocalRunException failure =
          assertThrows(LocalRunException.class, () -> new LocalRunner(EventLog.SILENT).run(request(kedro, project, compiled)));
      List<JsonNode> failedRuns =
          server.runs(experiment).stream()
              .filter(r -> failure.result().jobName().equals(MlflowServer.values(r, "tags").get("vertexai_job_name")))
              .toList();
      assertEquals(1, failedRuns.size(), server.runs(experiment).toString());
      assertEquals(
          "FAILED",
          failedRuns.get(0).at("/info/status").asText(),
          () -> "exit task log:\n" + read(failure.result().logFile("report-outcome")));
      assertEquals(2, server.runs(experiment).size());
      JsonNode failedOutcome = outcome(failure.result().outputsDir());
      assertEquals("FAILED", failedOutcome.path("status").asText());
      assertEquals("[\"data-processing\"]", failedOutcome.path("failed_tasks").toString());
    }
  }

  /** The test's tracking server, in the example's kedro-mlflow settings. */
  static void pointAt(MlflowServer server, Path project) throws Exception {
    Path settings = project.resolve("conf/mlflow/mlflow.yml");
    Files.writeString(settings, Files.readString(settings) + "server:\n  mlflow_tracking_uri: " + server.url + "\n");
  }

  static CompileResult compile(KedroTestEnvironment kedro, Path project, ConfigOverride... more) throws Exception {
    return compile(kedro, project, "__default__", more);
  }

  static CompileResult compile(KedroTestEnvironment kedro, Path project, String pipeline, ConfigOverride... more)
      throws Exception {
    List<ConfigOverride> overrides = new java.util.ArrayList<>(List.of(
        // Fewer, bigger tasks: the two namespaces still log from different tasks.
        new ConfigOverride("run_config.grouping.cls", GroupingConfig.TAGS, Origin.of("test"))));
    overrides.addAll(List.of(more));
    return new CompileWorkflow(EventLog.SILENT)
        .compile(
            new ProjectSettings(
                project,
                project.resolve("target/vertexai"),
                "mlflow",
                pipeline,
                kedro.python(),
                null,
                overrides,
                System.getenv()));
  }

  static LocalRunRequest request(KedroTestEnvironment kedro, Path project, CompileResult compiled) {
    return request(kedro, project, compiled, Map.of());
  }

  static LocalRunRequest request(
      KedroTestEnvironment kedro,
      Path project,
      CompileResult compiled,
      Map<String, String> extraEnvironment,
      String... unset) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.putAll(extraEnvironment);
    List.of(unset).forEach(environment::remove);
    return LocalRunRequest.builder(compiled.files().pipelineSpec(), project, kedro.python(), compiled.files().runsDir())
        .parallelism(2)
        .environment(environment)
        .build();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static JsonNode outcome(Path written) throws Exception {
    return FakeTaskFixture.MAPPER.readTree(written.resolve(OUTCOME).toFile());
  }
}
