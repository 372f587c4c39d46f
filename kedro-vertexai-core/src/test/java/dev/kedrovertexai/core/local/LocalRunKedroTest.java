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

/**
 * run-local against a real Kedro of each line: the bundled spaceflights example, compiled and run locally,
 * produces the same datasets as a Kedro run of the same project, including every dataset kept in storage between
 * tasks, in the run's folder or in a real Cloud Storage emulator. Uses the interpreters and the emulator the build
 * provisions (see {@link TestTools}).
 */
class LocalRunKedroTest {
  private static final String BUCKET = "run-local-test";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}, parallelism {1}, grouping {2}")
  @CsvSource({
    "KEDRO_1, 1, kedro_vertexai.grouping.IdentityNodeGrouper",
    "KEDRO_1, 2, kedro_vertexai.grouping.IdentityNodeGrouper",
    "KEDRO_1, 1, kedro_vertexai.grouping.TagNodeGrouper",
    "KEDRO_1, 2, kedro_vertexai.grouping.TagNodeGrouper",
    "KEDRO_1, 2, auto",
    "KEDRO_0_19, 2, kedro_vertexai.grouping.IdentityNodeGrouper",
    "KEDRO_0_19, 2, auto"
  })
  void producesTheDatasetsOfAKedroRun(Tool line, int parallelism, String grouping) throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(line);
    Path project = kedro.copyExample(dir.resolve("project"));
    CompileResult compiled = compile(kedro, project, grouping);

    long start = System.nanoTime();
    LocalRunResult result = new LocalRunner(EventLog.SILENT).run(request(kedro, project, compiled, parallelism, null, Map.of()));
    System.out.printf(
        "run-local of the example, Kedro %s, parallelism %d, grouping %s, %d tasks: %.1f s%n",
        kedro.kedroVersion(), parallelism, grouping, result.tasks().size(), (System.nanoTime() - start) / 1e9);

    Path stored = result.rootDir().resolve("kedro-vertexai-temp").resolve(result.jobName());
    assertSameAsKedroRun(kedro, project, stored);
    assertEquals(tempFiles(compiled), fileNames(stored), "the plan's stored datasets and the manifest, only those");
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
      assertSameAsKedroRun(kedro, project, downloaded);
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

  @Test
  void anInterruptedRunLeavesNoProcess() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    Path project = kedro.copyExample(dir.resolve("project"));
    CompileResult compiled = compile(kedro, project, GroupingConfig.IDENTITY);
    LocalRunner runner = new LocalRunner(EventLog.SILENT);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                runner.run(request(kedro, project, compiled, 2, null, Map.of()));
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
        environment,
        RunManifest.of(compiled.plan(), compiled.description().projectName()));
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

  private static void assertSameAsKedroRun(KedroTestEnvironment kedro, Path project, Path stored) throws Exception {
    KedroReferenceRuns.assertSameAsKedroRun(kedro, project, stored);
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

  private static Set<String> fileNames(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
