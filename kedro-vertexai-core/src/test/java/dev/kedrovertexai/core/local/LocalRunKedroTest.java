package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.config.GroupingConfig;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * run-local against a real Kedro: the bundled spaceflights example, compiled and run locally, produces the same
 * datasets as a Kedro run of the same project, including every dataset kept in storage between tasks. Needs a
 * Python that imports Kedro ({@code KEDRO_PYTHON}, else {@code python3}) and the example's raw data (in its
 * {@code data/01_raw}, or {@code SPACEFLIGHTS_DATA}, or {@code ../shared/data/spaceflights} next to the
 * repository); skipped, saying why, without them.
 */
class LocalRunKedroTest {

  @TempDir static Path shared;

  private static String python;
  private static Path example;
  private static Path referenceProject;
  private static Path referenceOutputs;

  @TempDir Path dir;

  @BeforeAll
  static void findKedro() {
    KedroTestEnvironment kedro = KedroTestEnvironment.get();
    python = kedro.python;
    example = kedro.example;
  }

  @BeforeEach
  void needsKedro() {
    KedroTestEnvironment.get().assumeAvailable();
  }

  /** One Kedro run of the example, shared by the comparisons. */
  private static synchronized void runReference() throws Exception {
    if (referenceOutputs != null) {
      return;
    }
    referenceProject = copyExample(shared.resolve("reference"));
    Path outputs = shared.resolve("reference-outputs");
    long start = System.nanoTime();
    Process kedro =
        new ProcessBuilder(python, script("reference_run.py").toString(), "__default__", "local", outputs.toString())
            .directory(referenceProject.toFile())
            .redirectErrorStream(true)
            .redirectOutput(shared.resolve("reference.log").toFile())
            .start();
    assertTrue(kedro.waitFor(5, TimeUnit.MINUTES), "the Kedro run ended");
    assertEquals(0, kedro.exitValue(), () -> "the Kedro run failed:\n" + read(shared.resolve("reference.log")));
    System.out.printf("Kedro run of the example: %.1f s%n", (System.nanoTime() - start) / 1e9);
    referenceOutputs = outputs;
  }

  @ParameterizedTest(name = "parallelism {0}, grouping {1}")
  @CsvSource({
    "1, kedro_vertexai.grouping.IdentityNodeGrouper",
    "2, kedro_vertexai.grouping.IdentityNodeGrouper",
    "1, kedro_vertexai.grouping.TagNodeGrouper",
    "2, kedro_vertexai.grouping.TagNodeGrouper",
    "2, auto"
  })
  void producesTheDatasetsOfAKedroRun(int parallelism, String grouping) throws Exception {
    runReference();
    Path project = copyExample(dir.resolve("project"));
    CompileResult compiled = compile(project, grouping);

    long start = System.nanoTime();
    LocalRunResult result = new LocalRunner(EventLog.SILENT).run(request(project, compiled, parallelism));
    System.out.printf(
        "run-local of the example, parallelism %d, grouping %s, %d tasks: %.1f s%n",
        parallelism, grouping, result.tasks().size(), (System.nanoTime() - start) / 1e9);

    Path stored = result.rootDir().resolve("kedro-vertexai-temp").resolve(result.jobName());
    Process compare =
        new ProcessBuilder(
                python,
                script("compare_runs.py").toString(),
                referenceProject.resolve("data").toString(),
                project.resolve("data").toString(),
                referenceOutputs.toString(),
                stored.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String differences = new String(compare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(compare.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, compare.exitValue(), "the comparison ran");
    assertEquals("", differences, "datasets that differ from the Kedro run");
    if (grouping.equals(GroupingConfig.IDENTITY)) {
      // One task per node: every dataset crossing nodes in memory had to be kept in storage.
      assertTrue(Files.exists(stored.resolve("preprocessed_companies.bin")), "stored between tasks");
    }

    JsonNode timings = FakeTaskFixture.MAPPER.readTree(result.timingsFile().toFile());
    assertEquals(
        compiled.description().pipeline("__default__").orElseThrow().nodes().size(),
        timings.get("nodes").size(),
        "a timing for every Kedro node: " + timings);
  }

  @Test
  void aNodeThatRaisesFailsTheRunWithItsMessage() throws Exception {
    Path project = copyExample(dir.resolve("project"));
    Files.writeString(
        project.resolve("src/spaceflights/pipelines/data_science/nodes.py"),
        "\n\ndef evaluate_model(regressor, x_test, y_test):\n    raise ValueError(\"evaluation exploded\")\n",
        StandardOpenOption.APPEND);
    CompileResult compiled = compile(project, GroupingConfig.IDENTITY);

    LocalRunException error =
        assertThrows(
            LocalRunException.class,
            () -> new LocalRunner(EventLog.SILENT).run(request(project, compiled, 2)));

    assertTrue(error.getMessage().contains("ValueError: evaluation exploded"), error.getMessage());
    List<String> failed = new ArrayList<>();
    error.result().tasks().forEach(task -> {
      if (task.state() == TaskState.FAILED) {
        failed.add(task.task());
      }
    });
    assertFalse(failed.isEmpty());
    assertTrue(failed.stream().allMatch(task -> task.contains("evaluate")), failed.toString());
  }

  @Test
  void anInterruptedRunLeavesNoProcess() throws Exception {
    Path project = copyExample(dir.resolve("project"));
    CompileResult compiled = compile(project, GroupingConfig.IDENTITY);
    LocalRunner runner = new LocalRunner(EventLog.SILENT);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                runner.run(request(project, compiled, 2));
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    thread.start();
    List<ProcessHandle> children = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (children.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      children = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }
    assertFalse(children.isEmpty(), "a task was running");
    thread.interrupt();
    thread.join(20_000);

    assertFalse(thread.isAlive());
    assertTrue(thrown.get() instanceof LocalRunException, String.valueOf(thrown.get()));
    Thread.sleep(500);
    for (ProcessHandle child : children) {
      assertFalse(child.isAlive(), "process " + child.pid() + " is gone");
    }
    assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count());
  }

  private static LocalRunRequest request(Path project, CompileResult compiled, int parallelism) {
    return new LocalRunRequest(
        compiled.files().pipelineSpec(),
        project,
        python,
        parallelism,
        Map.of(),
        compiled.files().runsDir(),
        System.getenv());
  }

  private static CompileResult compile(Path project, String grouping) throws Exception {
    List<ConfigOverride> overrides =
        List.of(new ConfigOverride("run_config.grouping.cls", grouping, Origin.of("test")));
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("KEDRO_PYTHON", python);
    return new CompileWorkflow(EventLog.SILENT)
        .compile(
            new ProjectSettings(
                project,
                project.resolve("target/vertexai"),
                "local",
                "__default__",
                python,
                null,
                overrides,
                environment));
  }

  private static Path copyExample(Path target) throws IOException, InterruptedException {
    return KedroTestEnvironment.get().copyExample(target);
  }

  private static Path script(String name) throws IOException {
    Path file = shared.resolve(name);
    if (!Files.exists(file)) {
      Files.writeString(file, FakeTaskFixture.resource(name));
    }
    return file;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(cannot read " + file + ")";
    }
  }
}
