package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.GcsEmulator;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.TestTools;
import dev.kedrovertexai.core.TestTools.Tool;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * run-local against a real Kedro of each line: the bundled spaceflights example, compiled and run locally,
 * produces the same datasets as a Kedro run of the same project, including every dataset kept in storage between
 * tasks, in the run's folder or in a real Cloud Storage emulator. Uses the interpreters and the emulator the build
 * provisions (see {@link TestTools}).
 *
 * <p>The example's catalog passes datasets between nodes as local files ({@link
 * KedroTestEnvironment#LOCAL_CROSSINGS}), which isolated tasks, like containers, cannot share: runs with the shared
 * project folder take the catalog as it is, isolated runs take it without those entries (the plugin then keeps those
 * datasets in temporary storage), and are compared with a Kedro run of that same catalog.
 */
class LocalRunKedroTest {
  private static final String BUCKET = "run-local-test";

  @TempDir static Path shared;

  /** One Kedro run of the example per Kedro line and catalog, shared by the comparisons. */
  private static final Map<String, Reference> REFERENCES = new HashMap<>();

  @TempDir Path dir;

  private record Reference(Path project, Path outputs) {}

  private static synchronized Reference reference(Tool line, boolean isolated) throws Exception {
    String name = line.id + (isolated ? "-memory" : "-files");
    Reference known = REFERENCES.get(name);
    if (known != null) {
      return known;
    }
    KedroTestEnvironment kedro = KedroTestEnvironment.of(line);
    Path project = example(kedro, shared.resolve(name + "-reference"), isolated);
    Path outputs = shared.resolve(name + "-reference-outputs");
    Path log = shared.resolve(name + "-reference.log");
    long start = System.nanoTime();
    Process run =
        new ProcessBuilder(kedro.python(), script("reference_run.py").toString(), "__default__", "local", outputs.toString())
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the Kedro run ended");
    assertEquals(0, run.exitValue(), () -> "the Kedro run failed:\n" + read(log));
    System.out.printf("Kedro %s run of the example: %.1f s%n", kedro.kedroVersion(), (System.nanoTime() - start) / 1e9);
    Reference reference = new Reference(project, outputs);
    REFERENCES.put(name, reference);
    return reference;
  }

  /** A copy of the example; for isolated tasks without its local files that cross tasks. */
  private static Path example(KedroTestEnvironment kedro, Path target, boolean isolated) throws Exception {
    return isolated ? kedro.copyExampleForIsolatedTasks(target) : kedro.copyExample(target);
  }

  @ParameterizedTest(name = "{0}, parallelism {1}, grouping {2}, isolated {3}, fork server {4}")
  @CsvSource({
    "KEDRO_1, 1, kedro_vertexai.grouping.IdentityNodeGrouper, false, true",
    "KEDRO_1, 2, kedro_vertexai.grouping.IdentityNodeGrouper, true, true",
    "KEDRO_1, 2, kedro_vertexai.grouping.IdentityNodeGrouper, false, false",
    "KEDRO_1, 1, kedro_vertexai.grouping.TagNodeGrouper, false, true",
    "KEDRO_1, 2, kedro_vertexai.grouping.TagNodeGrouper, true, false",
    "KEDRO_1, 2, auto, true, true",
    "KEDRO_0_19, 2, kedro_vertexai.grouping.IdentityNodeGrouper, true, true",
    "KEDRO_0_19, 2, auto, false, false"
  })
  void producesTheDatasetsOfAKedroRun(Tool line, int parallelism, String grouping, boolean isolated, boolean fork)
      throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(line);
    Path project = example(kedro, dir.resolve("project"), isolated);
    CompileResult compiled = compile(kedro, project, grouping);

    long start = System.nanoTime();
    LocalRunResult result =
        new LocalRunner(EventLog.SILENT)
            .run(request(kedro, project, compiled, parallelism, null, Map.of()).withIsolateTasks(isolated)
                .withForkServer(fork));
    System.out.printf(
        "run-local of the example, Kedro %s, parallelism %d, grouping %s, isolated %s, fork server %s, %d tasks:"
            + " %.1f s%n",
        kedro.kedroVersion(), parallelism, grouping, isolated, fork, result.tasks().size(),
        (System.nanoTime() - start) / 1e9);

    Path stored = result.rootDir().resolve("kedro-vertexai-temp").resolve(result.jobName());
    // Isolated, what the tasks wrote is in the run's folder, and nothing in the project's.
    Path written = isolated ? result.outputsDir() : project;
    assertSameAsKedroRun(kedro, isolated, written, stored);
    assertEquals(storedFiles(compiled), fileNames(stored), "the stored datasets of the plan, and only those");
    if (isolated) {
      try (Stream<Path> files = Files.walk(project.resolve("data"))) {
        assertEquals(
            List.of(),
            files.filter(Files::isRegularFile)
                .map(file -> project.relativize(file).toString())
                .filter(file -> !file.startsWith("data/01_raw/") && !file.endsWith(".gitkeep"))
                .toList(),
            "nothing written into the project");
      }
    }
    if (grouping.equals(GroupingConfig.IDENTITY)) {
      // One task per node: every dataset crossing nodes in memory had to be kept in storage.
      assertTrue(Files.exists(stored.resolve("preprocessed_companies.bin")), "stored between tasks");
      KedroTestEnvironment.LOCAL_CROSSINGS.values().stream().flatMap(List::stream).forEach(dataset ->
          assertEquals(isolated, Files.exists(stored.resolve(dataset + ".bin")), dataset + ": a memory dataset if isolated"));
    }

    JsonNode timings = FakeTaskFixture.MAPPER.readTree(result.timingsFile().toFile());
    assertEquals(
        compiled.description().pipeline("__default__").orElseThrow().nodes().size(),
        timings.get("nodes").size(),
        "a timing for every Kedro node: " + timings);
  }

  @Test
  void isolatedTasksDoNotShareALocalFileAsContainersDoNot() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    Path project = example(kedro, dir.resolve("project"), false);
    CompileResult compiled = compile(kedro, project, GroupingConfig.IDENTITY);

    LocalRunException error =
        assertThrows(
            LocalRunException.class,
            () -> new LocalRunner(EventLog.SILENT).run(request(kedro, project, compiled, 2, null, Map.of())));

    Map<String, TaskState> states = new HashMap<>();
    error.result().tasks().forEach(task -> states.put(task.task(), task.state()));
    assertEquals(TaskState.SUCCEEDED, states.get("preprocess-shuttles-node"), states.toString());
    assertEquals(TaskState.FAILED, states.get("create-model-input-table-node"), states.toString());
    String parquet = "data/02_intermediate/preprocessed_shuttles.parquet";
    Path runDir = compiled.files().runsDir().resolve(error.result().jobName());
    assertTrue(Files.exists(runDir.resolve("tasks/preprocess-shuttles-node").resolve(parquet)), "written where it ran");
    assertTrue(Files.exists(runDir.resolve("outputs").resolve(parquet)), "and gathered with the run's outputs");
    assertFalse(Files.exists(project.resolve(parquet)), "never in the project");
    assertTrue(
        error.getMessage().contains(
            "create-model-input-table-node has no " + parquet + ": task preprocess-shuttles-node wrote it into its"
                + " own folder. A local file does not pass from one task to another, on Vertex AI either"),
        error.getMessage());
  }

  @Test
  void keepsTheDatasetsBetweenTasksInCloudStorage() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    try (GcsEmulator storage = GcsEmulator.start()) {
      storage.createBucket(BUCKET);
      Path project = example(kedro, dir.resolve("project"), true);
      CompileResult compiled = compile(kedro, project, GroupingConfig.IDENTITY);
      String root = LocalRunRequest.storageRoot("gs://" + BUCKET + "/spaceflights/", "test");

      LocalRunResult result =
          new LocalRunner(EventLog.SILENT)
              .run(request(kedro, project, compiled, 2, root, Map.of("STORAGE_EMULATOR_HOST", storage.url)));

      assertEquals("gs://" + BUCKET + "/spaceflights", result.rootUri());
      assertFalse(Files.exists(result.rootDir()), "nothing kept in the run's folder");
      String prefix = "spaceflights/kedro-vertexai-temp/" + result.jobName() + "/";
      Map<String, byte[]> objects = storage.objects(BUCKET, "");
      assertEquals(
          storedFiles(compiled).stream().map(file -> prefix + file).collect(Collectors.toCollection(TreeSet::new)),
          objects.keySet(),
          "exactly the plan's stored datasets, under <root>/kedro-vertexai-temp/<job name>/");
      Path downloaded = Files.createDirectories(dir.resolve("downloaded"));
      for (Map.Entry<String, byte[]> object : objects.entrySet()) {
        Files.write(downloaded.resolve(object.getKey().substring(prefix.length())), object.getValue());
      }
      assertSameAsKedroRun(kedro, true, result.outputsDir(), downloaded);
    }
  }

  @Test
  void aNodeThatRaisesFailsTheRunWithItsMessage() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    Path project = example(kedro, dir.resolve("project"), true);
    Files.writeString(
        project.resolve("src/spaceflights/pipelines/data_science/nodes.py"),
        "\n\ndef evaluate_model(regressor, x_test, y_test):\n    raise ValueError(\"evaluation exploded\")\n",
        StandardOpenOption.APPEND);
    CompileResult compiled = compile(kedro, project, GroupingConfig.IDENTITY);

    LocalRunException error =
        assertThrows(
            LocalRunException.class,
            () -> new LocalRunner(EventLog.SILENT).run(request(kedro, project, compiled, 2, null, Map.of())));

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

  @ParameterizedTest(name = "fork server {0}")
  @ValueSource(booleans = {true, false})
  void anInterruptedRunLeavesNoProcess(boolean fork) throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    Path project = example(kedro, dir.resolve("project"), true);
    CompileResult compiled = compile(kedro, project, GroupingConfig.IDENTITY);
    LocalRunner runner = new LocalRunner(EventLog.SILENT);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                runner.run(request(kedro, project, compiled, 2, null, Map.of()).withForkServer(fork));
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    thread.start();
    // Interrupted while Kedro runs in a task: once a task's log has a line.
    List<ProcessHandle> children = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!aTaskLogged(compiled.files().runsDir()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    children = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
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

  private static boolean aTaskLogged(Path runsDir) throws IOException {
    if (!Files.isDirectory(runsDir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(runsDir)) {
      return files.anyMatch(file -> file.getParent().getFileName().toString().equals("logs") && file.toFile().length() > 0);
    }
  }

  private static LocalRunRequest request(
      KedroTestEnvironment kedro,
      Path project,
      CompileResult compiled,
      int parallelism,
      String storageRoot,
      Map<String, String> extraEnvironment) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.putAll(extraEnvironment);
    return new LocalRunRequest(
        compiled.files().pipelineSpec(),
        project,
        kedro.python(),
        parallelism,
        Map.of(),
        compiled.files().runsDir(),
        storageRoot,
        environment);
  }

  private static CompileResult compile(KedroTestEnvironment kedro, Path project, String grouping) throws Exception {
    List<ConfigOverride> overrides =
        List.of(new ConfigOverride("run_config.grouping.cls", grouping, Origin.of("test")));
    return new CompileWorkflow(EventLog.SILENT)
        .compile(
            new ProjectSettings(
                project,
                project.resolve("target/vertexai"),
                "local",
                "__default__",
                kedro.python(),
                null,
                overrides,
                System.getenv()));
  }

  /**
   * The catalog files the run wrote ({@code data/} under {@code written}) equal the Kedro run's, and each stored
   * dataset equals that node output.
   */
  private static void assertSameAsKedroRun(KedroTestEnvironment kedro, boolean isolated, Path written, Path stored)
      throws Exception {
    Reference reference = reference(kedro.line, isolated);
    Process compare =
        new ProcessBuilder(
                kedro.python(),
                script("compare_runs.py").toString(),
                reference.project().resolve("data").toString(),
                written.resolve("data").toString(),
                reference.outputs().toString(),
                stored.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String differences = new String(compare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(compare.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, compare.exitValue(), "the comparison ran");
    assertEquals("", differences, "datasets that differ from the Kedro run");
  }

  private static Set<String> storedFiles(CompileResult compiled) {
    return compiled.plan().storedDatasets().stream()
        .map(name -> name + ".bin")
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> fileNames(Path folder) {
    if (!Files.isDirectory(folder)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
