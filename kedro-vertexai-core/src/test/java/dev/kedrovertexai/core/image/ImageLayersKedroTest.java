package dev.kedrovertexai.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.CraneRegistry;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.TestImages;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.config.ConfigProperties;
import dev.kedrovertexai.core.local.KedroReferenceRuns;
import dev.kedrovertexai.core.local.LocalRunRequest;
import dev.kedrovertexai.core.local.LocalRunResult;
import dev.kedrovertexai.core.local.LocalRunner;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image holds what the tasks need: the example is built into an image and pushed to a real registry; its
 * dependency and project layers are pulled and unpacked as a container runtime would; the pipeline, compiled
 * against the unpacked project and naming the image by digest, runs with run-local from there, with the image's
 * working directory and PYTHONPATH, and produces what {@code kedro run} produces. The interpreter is the
 * provisioned Kedro 1.x one (no base image with a real Python is reachable), and the dependency layer holds a
 * small part of the project's requirements (as wheels for the image's platform, from the package index), which
 * the tasks then import from the layer.
 */
class ImageLayersKedroTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theExamplesTasksRunFromTheImagesOwnLayers() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    Path project = kedro.copyExample(dir.resolve("project"));
    Files.writeString(project.resolve("requirements.txt"), pinned(kedro, "cloudpickle", "fsspec"));
    try (CraneRegistry registry = CraneRegistry.start()) {
      TestImages.pushBase(registry, "base/python:3.11", Map.of("PYTHON_VERSION", kedro.pythonVersion()));
      String image = registry.host + "/kedro/spaceflights:1";
      ProjectSettings settings =
          settings(project, dir.resolve("build"), kedro.python(), image, registry.host + "/base/python:3.11");
      RecordingLog log = new RecordingLog();
      long start = System.nanoTime();
      BuiltImage built =
          new ImageBuilder(log)
              .build(
                  new ImageRequest(
                      project, settings.outputDir(), new CompileWorkflow(log).loadConfig(settings), kedro.python(),
                      RegistryCredentials.NONE, true, null, dir.resolve("cache"), System.getenv()));
      System.out.printf("The image goal on the example: %.1f s%n", (System.nanoTime() - start) / 1e9);

      // The container's file system: the base image's layers do not matter here, this build's two do.
      JsonNode manifest = registry.manifest("kedro/spaceflights", built.digest());
      JsonNode config = registry.config("kedro/spaceflights", built.digest()).get("config");
      Path root = Files.createDirectories(dir.resolve("container"));
      JsonNode layers = manifest.get("layers");
      for (int i = layers.size() - 2; i < layers.size(); i++) {
        new LayerArchive(registry.blob("kedro/spaceflights", layers.get(i).get("digest").asText())).unpack(root);
      }
      Path workingDir = inContainer(root, config.get("WorkingDir").asText());
      Map<String, String> environment = new HashMap<>(System.getenv());
      for (JsonNode variable : config.get("Env")) {
        String[] pair = variable.asText().split("=", 2);
        if (pair[0].equals("PYTHONPATH")) {
          environment.put("PYTHONPATH", inContainer(root, pair[1]).toString());
        }
      }
      assertTrue(environment.containsKey("PYTHONPATH"), "the image sets PYTHONPATH: " + config);
      assertEquals(
          environment.get("PYTHONPATH") + "/cloudpickle/__init__.py",
          python(kedro, workingDir, environment, "import cloudpickle; print(cloudpickle.__file__)"),
          "the tasks import the dependency layer's packages");
      // The raw data is no part of the image; on Vertex AI the catalog would read it from storage.
      Path raw = Files.createDirectories(workingDir.resolve("data/01_raw"));
      for (String file : KedroTestEnvironment.RAW_FILES) {
        Files.copy(kedro.rawData().resolve(file), raw.resolve(file));
      }

      ProjectSettings unpacked =
          settings(workingDir, dir.resolve("compiled"), kedro.python(), image, registry.host + "/base/python:3.11");
      CompileResult compiled =
          new CompileWorkflow(EventLog.SILENT, settings.outputDir().resolve(BuiltImage.FILE)).compile(unpacked);
      assertEquals(List.of(built.reference()), images(compiled), "the pipeline runs the image built, by digest");
      LocalRunResult result =
          new LocalRunner(EventLog.SILENT)
              .run(
                  LocalRunRequest.builder(
                          compiled.files().pipelineSpec(), workingDir, kedro.python(), compiled.files().runsDir())
                      .parallelism(2)
                      .environment(environment)
                      .build());

      // Each task ran in its own copy of the image's working directory: what they wrote is in the run's outputs.
      KedroReferenceRuns.assertSameAsKedroRun(
          kedro, result.outputsDir(), result.rootDir().resolve("kedro-vertexai-temp").resolve(result.jobName()));
    }
  }

  private static ProjectSettings settings(Path project, Path outputDir, String python, String image, String base) {
    return new ProjectSettings(
        project, outputDir, "local", "__default__", python, null,
        List.of(
            new ConfigOverride(ConfigProperties.keyPath("image"), image, Origin.of("test")),
            new ConfigOverride(ConfigProperties.keyPath("baseImage"), base, Origin.of("test"))),
        System.getenv());
  }

  /** {@code path} of the container, in the folder its layers were unpacked into. */
  private static Path inContainer(Path root, String path) {
    return root.resolve(path.replaceFirst("^/", ""));
  }

  /** The lines of the test environment's pins for {@code packages}, so that the layer matches the environment. */
  private static String pinned(KedroTestEnvironment kedro, String... packages) throws Exception {
    Path pins = kedro.example.getParent().getParent().resolve("test-env/python-kedro-1.txt");
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(pins)) {
      for (String name : packages) {
        if (line.startsWith(name + "==")) {
          lines.add(line);
        }
      }
    }
    assertEquals(packages.length, lines.size(), "pinned in " + pins + ": " + lines);
    return lines.stream().collect(Collectors.joining("\n", "", "\n"));
  }

  private static String python(KedroTestEnvironment kedro, Path workingDir, Map<String, String> environment, String code)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(kedro.python(), "-c", code).directory(workingDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(1, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  private static List<String> images(CompileResult compiled) throws Exception {
    List<String> images = new ArrayList<>();
    JSON.readTree(compiled.files().pipelineSpec().toFile()).path("deploymentSpec").path("executors")
        .forEach(executor -> images.add(executor.path("container").path("image").asText()));
    return images.stream().distinct().toList();
  }
}
