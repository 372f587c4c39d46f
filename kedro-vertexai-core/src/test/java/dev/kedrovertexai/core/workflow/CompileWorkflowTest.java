package dev.kedrovertexai.core.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.config.GroupingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiling is hermetic: only the sources, the config and what they name decide the output. */
class CompileWorkflowTest {
  /** split -> (branch_a, branch_b) -> join; the branches exchange memory datasets with split and join. */
  private static final String DESCRIPTION =
      """
      {
        "format_version": 2, "project_name": "fork", "package_name": "fork", "kedro_version": "1.0.0", "env": "local",
        "pipelines": {"__default__": {"nodes": [
          {"name": "split", "namespace": null, "tags": [], "inputs": ["raw"], "outputs": ["a_in", "b_in"]},
          {"name": "branch_a", "namespace": null, "tags": [], "inputs": ["a_in"], "outputs": ["a_out"]},
          {"name": "branch_b", "namespace": null, "tags": [], "inputs": ["b_in"], "outputs": ["b_out"]},
          {"name": "join", "namespace": null, "tags": [], "inputs": ["a_out", "b_out"], "outputs": ["result"]}
        ]}},
        "datasets": {
          "a_in": {"entry": null, "type": "kedro.io.MemoryDataset", "in_memory": true, "protocol": null, "path": null},
          "a_out": {"entry": null, "type": "kedro.io.MemoryDataset", "in_memory": true, "protocol": null, "path": null},
          "b_in": {"entry": null, "type": "kedro.io.MemoryDataset", "in_memory": true, "protocol": null, "path": null},
          "b_out": {"entry": null, "type": "kedro.io.MemoryDataset", "in_memory": true, "protocol": null, "path": null},
          "raw": {"entry": "raw", "type": "pandas.CSVDataset", "in_memory": false, "protocol": "file", "path": "data/01_raw/raw.csv"},
          "result": {"entry": "result", "type": "pandas.CSVDataset", "in_memory": false, "protocol": "gs", "path": "bucket/result.csv"}},
        "parameters": []
      }
      """;

  /** Slow enough that {@code auto} runs the two branches side by side instead of in one task. */
  private static final String SLOW_BRANCHES =
      "{\"job\": \"fork-20260101000000-abcd\", \"nodes\": {\"split\": 1, \"branch_a\": 900, \"branch_b\": 900,"
          + " \"join\": 1}, \"tasks\": {}}";

  @TempDir Path project;
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void writeProject() throws IOException {
    Files.createDirectories(project.resolve("conf/base"));
    Files.writeString(
        project.resolve("conf/base/vertexai.yml"),
        """
        project_id: my-project
        region: europe-west4
        run_config:
          image: gcr.io/my-project/app:1
          root: my-bucket/runs
          grouping: {cls: auto}
        """);
    Files.writeString(project.resolve("pipeline-description.json"), DESCRIPTION);
  }

  @Test
  void aTimingsFileLeftByAnEarlierRunChangesNothing() throws Exception {
    Map<String, byte[]> clean = compile(List.of());

    Path stray = project.resolve("target/vertexai/runs/fork-20260101000000-abcd/timings.json");
    Files.createDirectories(stray.getParent());
    Files.writeString(stray, SLOW_BRANCHES);
    Map<String, byte[]> withStrayFile = compile(List.of());

    assertEquals(clean.keySet(), withStrayFile.keySet());
    for (String file : clean.keySet()) {
      assertArrayEquals(clean.get(file), withStrayFile.get(file), file);
    }
    assertTrue(log.matching("node timings").isEmpty(), log.text());

    // The same file, named explicitly, does change the plan: the test above would notice it being read.
    Map<String, byte[]> measured =
        compile(List.of(timings(project.relativize(stray).toString(), "-Dvertexai.nodeTimings")));
    assertFalse(
        new String(clean.get("plan.json")).equals(new String(measured.get("plan.json"))),
        "slow branches are planned as parallel tasks");
    assertEquals(List.of("INFO The node timings cover 4 of the 4 nodes of pipeline '__default__'"),
        log.matching("node timings cover"));
  }

  @Test
  void aMissingTimingsFileNamesTheParameterTheFileAndWhatWasExpected() {
    ProblemsException e =
        assertThrows(
            ProblemsException.class,
            () -> compile(List.of(timings("conf/base/timings.json", "-Dvertexai.nodeTimings"))));
    assertEquals(
        "Cannot plan with the given node timings (1 problem):" + System.lineSeparator()
            + "  - -Dvertexai.nodeTimings: run_config.grouping.params.node_timings: "
            + project.resolve("conf/base/timings.json") + " does not exist; expected a timings.json as"
            + " vertexai:run-local writes it (target/vertexai/runs/<job name>/timings.json): {\"nodes\": {\"<node"
            + " name>\": <seconds>, ...}}",
        e.getMessage());
    assertFalse(Files.exists(project.resolve("target/vertexai/pipeline.json")), "nothing is written");
  }

  @Test
  void aMalformedTimingsFileNamesWhereItWasSet() throws Exception {
    Files.writeString(project.resolve("timings.json"), "{\"nodes\": {\"score\": \"slow\"}}");
    ProblemsException e =
        assertThrows(
            ProblemsException.class, () -> compile(List.of(timings("timings.json", "POM <nodeTimings>"))));
    assertEquals(
        "Cannot plan with the given node timings (1 problem):" + System.lineSeparator()
            + "  - POM <nodeTimings>: run_config.grouping.params.node_timings: " + project.resolve("timings.json")
            + ": \"nodes\".score must be a number of seconds >= 0, found \"slow\"",
        e.getMessage());
  }

  @Test
  void timingsNamedInVertexaiYmlAreResolvedInTheProjectAndAnEmptyOverrideDropsThem() throws Exception {
    Path config = project.resolve("conf/base/vertexai.yml");
    Files.writeString(
        config, Files.readString(config).replace("{cls: auto}", "{cls: auto, params: {node_timings: perf/t.json}}"));
    ProblemsException e = assertThrows(ProblemsException.class, () -> compile(List.of()));
    assertTrue(
        e.getMessage().contains(
            "conf/base/vertexai.yml:6:34: run_config.grouping.params.node_timings: "
                + project.resolve("perf/t.json") + " does not exist"),
        e.getMessage());

    compile(List.of(timings("", "-Dvertexai.nodeTimings")));
    assertTrue(log.matching("node timings").isEmpty(), log.text());
  }

  @Test
  void timingsOfAnotherPipelineGiveAWarning() throws Exception {
    Files.writeString(project.resolve("timings.json"), "{\"nodes\": {\"train\": 20}}");
    compile(List.of(timings("timings.json", "-Dvertexai.nodeTimings")));
    assertEquals(
        List.of(
            "WARN The node timings cover 0 of the 4 nodes of pipeline '__default__': they were measured for another"
                + " pipeline or project; every node is modelled with run_config.grouping.params.node_seconds"),
        log.matching("node timings cover"));
  }

  private static ConfigOverride timings(String path, String origin) {
    return new ConfigOverride(GroupingConfig.NODE_TIMINGS_KEY, path, Origin.of(origin));
  }

  /** Compiles and returns every file written to the output directory, by name. */
  private Map<String, byte[]> compile(List<ConfigOverride> overrides) throws Exception {
    Path output = project.resolve("target/vertexai");
    new CompileWorkflow(log)
        .compile(
            new ProjectSettings(
                project, output, "local", "__default__", null, project.resolve("pipeline-description.json"),
                overrides, Map.of()));
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> listed = Files.list(output)) {
      for (Path file : listed.filter(Files::isRegularFile).toList()) {
        files.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }
}
