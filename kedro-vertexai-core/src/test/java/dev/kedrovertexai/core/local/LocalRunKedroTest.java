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
import dev.kedrovertexai.core.storage.RunManifest;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * KedroTestEnvironment#LOCAL_CROSSINGS}), which isolated tasks, like containers, could not share: the plugin keeps
 * them in temporary storage between tasks, so the example runs as it is, isolated or in the shared project folder.
 * Only a file a node writes outside the catalog still stays in its task's folder.
 */
class LocalRunKedroTest {
  private static final String BUCKET = "run-local-test";

  @TempDir Path dir;

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
    Path project = kedro.copyExample(dir.resolve("project"));
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
    KedroReferenceRuns.assertSameAsKedroRun(kedro, written, stored);
    assertEquals(tempFiles(compiled), fileNames(stored), "the plan's stored datasets and the manifest, only those");
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
      // Its catalog's local files that cross tasks too (run_config.local_datasets: store), isolated or not.
      KedroTestEnvironment.LOCAL_CROSSINGS.forEach(dataset ->
          assertTrue(Files.exists(stored.resolve(dataset + ".bin")), dataset + ": a local file crossing tasks"));
    }

    JsonNode timings = FakeTaskFixture.MAPPER.readTree(result.timingsFile().toFile());
    assertEquals(
        compiled.description().pipeline("__default__").orElseThrow().nodes().size(),
        timings.get("nodes").size(),
        "a timing for every Kedro node: " + timings);
  }

  @Test
  void isolatedTasksDoNotShareAFileWrittenOutsideTheCatalog() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    Path project = kedro.copyExample(dir.resolve("project"));
    // A node that leaves a file beside its output, read by a node of another task: no dataset of the catalog, so
    // nothing the plugin could keep between tasks.
    String note = "data/02_intermediate/companies_note.txt";
    Files.writeString(
        project.resolve("src/spaceflights/pipelines/data_processing/nodes.py"),
        "\n\nimport os\n\n_preprocess_companies = preprocess_companies\n"
            + "_create_model_input_table = create_model_input_table\n\n\n"
            + "def preprocess_companies(companies):\n"
            + "    os.makedirs(os.path.dirname(\"" + note + "\"), exist_ok=True)\n"
            + "    open(\"" + note + "\", \"w\").write(str(len(companies)))\n"
            + "    return _preprocess_companies(companies)\n\n\n"
            + "def create_model_input_table(shuttles, companies, reviews, min_reviews):\n"
            + "    open(\"" + note + "\").read()\n"
            + "    return _create_model_input_table(shuttles, companies, reviews, min_reviews)\n",
        StandardOpenOption.APPEND);
    CompileResult compiled = compile(kedro, project, GroupingConfig.IDENTITY);

    LocalRunException error =
        assertThrows(
            LocalRunException.class,
            () -> new LocalRunner(EventLog.SILENT).run(request(kedro, project, compiled, 2, null, Map.of())));

    Map<String, TaskState> states = new HashMap<>();
    error.result().tasks().forEach(task -> states.put(task.task(), task.state()));
    assertEquals(TaskState.SUCCEEDED, states.get("preprocess-companies-node"), states.toString());
    assertEquals(TaskState.FAILED, states.get("create-model-input-table-node"), states.toString());
    Path runDir = compiled.files().runsDir().resolve(error.result().jobName());
    assertTrue(Files.exists(runDir.resolve("tasks/preprocess-companies-node").resolve(note)), "written where it ran");
    assertTrue(Files.exists(runDir.resolve("outputs").resolve(note)), "and gathered with the run's outputs");
    assertFalse(Files.exists(project.resolve(note)), "never in the project");
    assertTrue(
        error.getMessage().contains(
            "create-model-input-table-node has no " + note + ": task preprocess-companies-node wrote it into its"
                + " own folder. A file written outside the catalog does not pass from one task to another, on"
                + " Vertex AI either"),
        error.getMessage());
  }

  @Test
  void keepsTheDatasetsBetweenTasksInCloudStorage() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    try (GcsEmulator storage = GcsEmulator.start()) {
      storage.createBucket(BUCKET);
      Path project = kedro.copyExample(dir.resolve("project"));
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
          tempFiles(compiled).stream().map(file -> prefix + file).collect(Collectors.toCollection(TreeSet::new)),
          objects.keySet(),
          "exactly the plan's stored datasets and the manifest, under <root>/kedro-vertexai-temp/<job name>/");
      JsonNode manifest = FakeTaskFixture.MAPPER.readTree(objects.get(prefix + "manifest.json"));
      assertEquals(result.jobName(), manifest.get("job").asText());
      assertEquals("local", manifest.get("runner").asText());
      assertEquals(
          "gs://" + BUCKET + "/" + prefix + "preprocessed_companies.bin",
          manifest.path("datasets").path("preprocessed_companies").path("url").asText());
      assertEquals(
          "[\"preprocess-companies-node\"]",
          manifest.path("datasets").path("preprocessed_companies").path("saved_by").toString());
      Path downloaded = Files.createDirectories(dir.resolve("downloaded"));
      for (Map.Entry<String, byte[]> object : objects.entrySet()) {
        Files.write(downloaded.resolve(object.getKey().substring(prefix.length())), object.getValue());
      }
      KedroReferenceRuns.assertSameAsKedroRun(kedro, result.outputsDir(), downloaded);
    }
  }

  @Test
  void aNodeThatRaisesFailsTheRunWithItsMessage() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    Path project = kedro.copyExample(dir.resolve("project"));
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
    Path project = kedro.copyExample(dir.resolve("project"));
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
    return LocalRunRequest.builder(compiled.files().pipelineSpec(), project, kedro.python(), compiled.files().runsDir())
        .parallelism(parallelism)
        .storageRoot(storageRoot)
        .environment(environment)
        .manifest(RunManifest.of(compiled.plan(), compiled.description().projectName()))
        .build();
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

  private static Set<String> storedFiles(CompileResult compiled) {
    return compiled.plan().storedDatasets().stream()
        .map(name -> name + ".bin")
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** What a run leaves in its temporary folder: each stored dataset and the manifest. */
  private static Set<String> tempFiles(CompileResult compiled) {
    Set<String> files = storedFiles(compiled);
    files.add("manifest.json");
    return files;
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
}
