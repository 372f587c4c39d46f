package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.ParameterValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec's tasks as local command lines, and what keeps a spec from running locally. */
class PipelineSpecReaderTest {
  private static final String ROOT_URI = "file:///runs/fan-pipeline-20260102030405-abcd/root";

  @TempDir Path dir;

  private final AtomicInteger taskUuids = new AtomicInteger();
  private final SystemValues system =
      new SystemValues(
          "fan-pipeline-20260102030405-abcd",
          "job-uuid",
          ROOT_URI,
          Instant.parse("2026-01-02T03:04:05Z"),
          () -> "task-uuid-" + taskUuids.incrementAndGet(),
          Path.of("/runs/fan-pipeline-20260102030405-abcd/parameters"));

  private ObjectNode fixture() throws IOException {
    return (ObjectNode) FakeTaskFixture.MAPPER.readTree(FakeTaskFixture.resource("fan-pipeline.json"));
  }

  private List<TaskLaunch> tasks(ObjectNode spec, Map<String, ParameterValue> parameters, String python)
      throws KedroVertexAiException {
    Path file = dir.resolve("pipeline.json");
    try {
      Files.writeString(file, spec.toString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return PipelineSpecReader.read(file).tasks(system, parameters, python);
  }

  @Test
  void fillsEveryPlaceholderAndReplacesPythonAndRoot() throws Exception {
    List<TaskLaunch> tasks = tasks(fixture(), Map.of("epochs", ParameterValue.ofInt(5)), "/opt/venv/bin/python");

    assertEquals(
        List.of("prepare", "branch-a", "branch-b", "branch-c", "branch-d", "report"),
        tasks.stream().map(TaskLaunch::name).toList());
    TaskLaunch prepare = tasks.get(0);
    assertEquals(
        List.of(
            "/opt/venv/bin/python", "-c", "@FAKE_TASK@",
            "--pipeline", "__default__", "--env", "local",
            "--nodes", "[\"preprocess_companies_node\", \"preprocess_shuttles_node\"]",
            "--stored", "[\"companies\", \"shuttles\"]",
            "--root", ROOT_URI,
            "--param", "epochs", "int", "5",
            "--param", "features", "list", "[\"a\",\"b\"]",
            "--param", "label", "string", "base",
            "--param", "learning_rate", "float", "0.1",
            "--param", "options", "dict", "{\"a\":true,\"z\":1}",
            "--param", "verbose", "bool", "false"),
        prepare.command());
    Map<String, String> environment = new TreeMap<>();
    environment.put("FAKE_ROOT", ROOT_URI);
    environment.put("FAKE_TASK", "prepare");
    environment.put("GCP_PROJECT_ID", "example-project");
    environment.put("GCP_REGION", "europe-west4");
    environment.put("KEDRO_CONFIG_JOB_NAME", "fan-pipeline-20260102030405-abcd");
    environment.put("KEDRO_CONFIG_RUN_ID", "job-uuid");
    Map<String, String> filled = new TreeMap<>(prepare.environment());
    assertTrue(filled.remove("FAKE_TASK_UUID").startsWith("task-uuid-"), "a fresh uuid for each task");
    assertEquals(environment, filled);
    assertEquals(List.of("branch-a", "branch-b", "branch-c", "branch-d"), tasks.get(5).dependsOn());
  }

  @Test
  void replacesOnlyAPythonCommand() throws Exception {
    for (String command : List.of("python", "python3", "python3.11", "/usr/local/bin/python3")) {
      assertEquals("local-python", firstCommandWord(command), command);
    }
    for (String command : List.of("bash", "/bin/sh", "pythonic")) {
      assertEquals(command, firstCommandWord(command), command);
    }
  }

  private String firstCommandWord(String command) throws Exception {
    ObjectNode spec = fixture();
    for (String executor : List.of("exec-kedro", "exec-prepare")) {
      ((ArrayNode) spec.at("/deploymentSpec/executors/" + executor + "/container/command")).set(0, command);
    }
    return tasks(spec, Map.of(), "local-python").get(0).command().get(0);
  }

  @Test
  void timePlaceholdersAreTheRunsCreationTime() throws Exception {
    ObjectNode spec = fixture();
    ((ArrayNode) spec.at("/deploymentSpec/executors/exec-prepare/container/args"))
        .add("at={{$.pipeline_job_create_time_utc}},{{$.pipeline_job_schedule_time_utc}}");
    List<String> command = tasks(spec, Map.of(), "python3").get(0).command();
    assertEquals("at=2026-01-02T03:04:05Z,2026-01-02T03:04:05Z", command.get(command.size() - 1));
  }

  @Test
  void reportsEveryProblemOfTheSpecAtOnce() throws Exception {
    ObjectNode spec = fixture();
    ObjectNode tasks = (ObjectNode) spec.at("/root/dag/tasks");
    ((ObjectNode) tasks.at("/branch-a/componentRef")).put("name", "comp-missing");
    ((ArrayNode) tasks.at("/branch-b/dependentTasks")).add("ghost");
    ((ObjectNode) tasks.at("/branch-c/inputs/parameters/kedro_nodes"))
        .removeAll()
        .putObject("taskOutputParameter")
        .put("producerTask", "prepare");
    ((ArrayNode) spec.at("/deploymentSpec/executors/exec-kedro/container/args"))
        .add("{{$.pipeline_job_resource_name}}");
    ((ObjectNode) spec.at("/root/inputDefinitions/parameters/label")).remove("defaultValue");

    ProblemsException error =
        assertThrows(
            ProblemsException.class, () -> tasks(spec, Map.of("unknown", ParameterValue.ofString("x")), "python3"));

    List<String> keyPaths = new ArrayList<>();
    for (Problem problem : error.problems()) {
      keyPaths.add(problem.keyPath());
    }
    assertEquals(
        List.of(
            "root.inputDefinitions.parameters.label",
            "unknown",
            "root.dag.tasks.branch-a.componentRef.name",
            "root.dag.tasks.branch-b.dependentTasks",
            "deploymentSpec.executors.exec-kedro.container.args[34]",
            "root.dag.tasks.branch-c.inputs.parameters.kedro_nodes.taskOutputParameter"),
        keyPaths,
        error.getMessage());
    String message = error.getMessage();
    assertTrue(message.startsWith("Cannot run " + dir.resolve("pipeline.json") + " locally (6 problems)"), message);
    assertTrue(message.contains("'label' has no default and no value was given"), message);
    assertTrue(message.contains("runtime parameters: unknown: not an input parameter of the pipeline"), message);
    assertTrue(message.contains("component 'comp-missing' is not defined"), message);
    assertTrue(message.contains("depends on 'ghost'"), message);
    assertTrue(message.contains("{{$.pipeline_job_resource_name}} cannot be filled in a local run"), message);
    assertTrue(message.contains("expected the output '' of a container task of root.dag.tasks, but 'prepare'"
        + " declares no such output"), message);
  }

  @Test
  void reportsACycle() throws Exception {
    ObjectNode spec = fixture();
    ((ObjectNode) spec.at("/root/dag/tasks/prepare")).putArray("dependentTasks").add("report");

    ProblemsException error = assertThrows(ProblemsException.class, () -> tasks(spec, Map.of(), "python3"));

    assertEquals(1, error.problems().size());
    assertTrue(
        error.getMessage().contains("[branch-a, branch-b, branch-c, branch-d, prepare, report]"),
        error.getMessage());
  }

  @Test
  void aMissingSpecSaysToCompileFirst() {
    KedroVertexAiException error =
        assertThrows(KedroVertexAiException.class, () -> PipelineSpecReader.read(dir.resolve("pipeline.json")));
    assertEquals(dir.resolve("pipeline.json") + " does not exist; {goal:compile} writes it", error.getMessage());
  }

  @Test
  void aSpecWithoutAPipelineNameIsRejected() throws Exception {
    ObjectNode spec = fixture();
    spec.remove("pipelineInfo");
    Files.writeString(dir.resolve("pipeline.json"), spec.toString());
    ProblemsException error =
        assertThrows(
            ProblemsException.class, () -> PipelineSpecReader.read(dir.resolve("pipeline.json")).pipelineName());
    assertEquals("pipelineInfo.name", error.problems().get(0).keyPath());
  }

  @Test
  void invalidJsonIsRejectedWithTheFileName() throws Exception {
    Files.writeString(dir.resolve("pipeline.json"), "{\"root\": ");
    KedroVertexAiException error =
        assertThrows(KedroVertexAiException.class, () -> PipelineSpecReader.read(dir.resolve("pipeline.json")));
    assertTrue(error.getMessage().startsWith(dir.resolve("pipeline.json") + " is not valid JSON"), error.getMessage());
  }
}
