package dev.kedrovertexai.core.goal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.protobuf.Value;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.PlainSpelling;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.vertex.FakeVertexAi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals as any front end calls them: a request of plain values in, one call, a result out; no build tool
 * involved. Given text (durations, parameter lists, config values) is parsed and checked by the goal.
 */
class GoalApiTest {
  private static final String IMAGE = "europe-west4-docker.pkg.dev/my-project/kedro/tiny:1";

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void projectFiles() throws Exception {
    Files.createDirectories(dir.resolve("conf/base"));
    Files.writeString(
        dir.resolve("conf/base/vertexai.yml"),
        "project_id: my-project\nregion: europe-west4\nrun_config:\n  image: " + IMAGE + "\n  root: bucket/tiny\n"
            + "  parameters:\n    epochs: {type: int, default: 3}\n");
    Files.copy(Path.of("../src/it/_fixtures/pipeline-description.json"), dir.resolve("pipeline-description.json"));
  }

  private ProjectRequest project() {
    return ProjectRequest.of(dir, dir.resolve("target/vertexai"), "local", "__default__")
        .withSavedDescription(dir.resolve("pipeline-description.json"));
  }

  /** The project with these config values: as configured in the build file, and on the command line. */
  private ProjectRequest project(Map<String, String> configured, Map<String, String> commandLine) {
    ProjectRequest plain = project();
    return new ProjectRequest(
        plain.projectDir(),
        plain.outputDir(),
        plain.env(),
        plain.pipeline(),
        null,
        plain.savedDescription(),
        configured,
        Map.of(),
        commandLine,
        Map.of());
  }

  @Test
  void compileWritesTheSpecFromASavedDescription() throws Exception {
    CompileGoal.Result result = CompileGoal.run(new CompileGoal.Request(project(), null), log);

    assertEquals(dir.resolve("target/vertexai/pipeline.json"), result.pipelineSpec());
    assertTrue(Files.readString(result.pipelineSpec()).contains("\"image\": \"" + IMAGE + "\""));
    assertEquals("tiny", result.compiled().description().projectName());
    assertEquals(1, log.matching("Wrote " + result.pipelineSpec()).size(), log.text());
  }

  @Test
  void theCommandLineWinsOverTheBuildFileAndBothOverTheConfigFile() throws Exception {
    String pom = "europe-west4-docker.pkg.dev/my-project/kedro/tiny:pom";
    String cli = "europe-west4-docker.pkg.dev/my-project/kedro/tiny:cli";
    ProjectRequest project =
        project(
            Map.of("image", pom, "serviceAccount", "runner@my-project.iam.gserviceaccount.com"),
            Map.of("vertexai.image", cli));

    CompileGoal.Result result = CompileGoal.run(new CompileGoal.Request(project, null), log);

    String spec = Files.readString(result.pipelineSpec());
    assertTrue(spec.contains("\"image\": \"" + cli + "\""), spec);
    assertFalse(spec.contains(pom), spec);
    assertEquals("runner@my-project.iam.gserviceaccount.com", result.compiled().config().runConfig().serviceAccount());
  }

  @Test
  void describeIgnoresASavedDescriptionAndReadsTheProject() {
    // Without an interpreter that can import Kedro, describing fails on Python, never copies the saved file.
    ProjectRequest project =
        new ProjectRequest(
            dir, dir.resolve("target/vertexai"), "local", "__default__", dir.resolve("no-python").toString(),
            dir.resolve("pipeline-description.json"), null, null, null, Map.of());

    assertThrows(KedroVertexAiException.class, () -> DescribeGoal.run(new DescribeGoal.Request(project, null), log));
    assertFalse(Files.exists(dir.resolve("target/vertexai/pipeline-description.json")));
  }

  private RunOnceGoal.Request runOnce(FakeVertexAi vertex, GivenParameters parameters, String timeout) {
    return new RunOnceGoal.Request(
        project(),
        null,
        null,
        parameters,
        new VertexConnection("http://127.0.0.1:" + vertex.port(), null),
        false,
        timeout,
        "1s",
        true);
  }

  @Test
  void runOnceSubmitsTheCompiledJobWithTheGivenParameterValues() throws Exception {
    try (FakeVertexAi vertex = FakeVertexAi.loopback(0)) {
      RunOnceGoal.Result result =
          RunOnceGoal.run(runOnce(vertex, new GivenParameters(Map.of("epochs", "4"), "epochs=5"), null), log);

      assertEquals(1, vertex.createRequests().size());
      PipelineJob sent = vertex.createRequests().get(0).getPipelineJob();
      assertEquals(
          Value.newBuilder().setNumberValue(5).build(),
          sent.getRuntimeConfig().getParameterValuesOrThrow("epochs"),
          "the command line's text wins over the build file's value");
      assertEquals(
          "projects/my-project/locations/europe-west4/pipelineJobs/" + vertex.createRequests().get(0).getPipelineJobId(),
          result.jobName());
      assertTrue(Files.isRegularFile(dir.resolve("target/vertexai/pipeline-job.json")));
    }
  }

  @Test
  void runOnceParsesItsDurationsBeforeCompilingAnything() throws Exception {
    try (FakeVertexAi vertex = FakeVertexAi.loopback(0)) {
      KedroVertexAiException failure =
          assertThrows(
              KedroVertexAiException.class, () -> RunOnceGoal.run(runOnce(vertex, GivenParameters.NONE, "soon"), log));

      assertTrue(failure.getMessage().contains("{param:timeout}"), failure.getMessage());
      assertFalse(Files.exists(dir.resolve("target")), "nothing compiled");
      assertEquals(List.of(), vertex.createRequests());
    }
  }

  @Test
  void runOnceRefusesAnUndeclaredParameterBeforeSubmitting() throws Exception {
    try (FakeVertexAi vertex = FakeVertexAi.loopback(0)) {
      KedroVertexAiException failure =
          assertThrows(
              KedroVertexAiException.class,
              () -> RunOnceGoal.run(runOnce(vertex, new GivenParameters(null, "epoch=5"), null), log));

      assertTrue(failure.getMessage().contains("did you mean 'epochs'?"), failure.getMessage());
      assertEquals(List.of(), vertex.createRequests());
    }
  }

  @Test
  void unscheduleNamesTheScheduleAfterThePipelineAndCountsWhatItDeleted() throws Exception {
    Files.writeString(dir.resolve("pyproject.toml"), "[tool.kedro]\nproject_name = \"tiny\"\npackage_name = \"tiny\"\n");
    try (FakeVertexAi vertex = FakeVertexAi.loopback(0)) {
      UnscheduleGoal.Result result =
          UnscheduleGoal.run(
              new ExistingScheduleRequest(
                  project(), new VertexConnection("http://127.0.0.1:" + vertex.port(), null), null),
              log);

      assertEquals(new UnscheduleGoal.Result("tiny", 0), result);
      assertEquals(List.of("INFO Deleted 0 schedules named 'tiny'"), log.matching("Deleted"));
    }
  }

  @Test
  void uploadAndImageDoNothingWithoutTheirConfigUnlessRequestedByName() throws Exception {
    UploadGoal.Result upload =
        UploadGoal.run(new UploadGoal.Request(project(), "1.0.0", null, null, false, false), log);
    ImageGoal.Result image =
        ImageGoal.run(new ImageGoal.Request(project(), null, false, null, null, false, false, false), log);

    assertFalse(upload.uploaded());
    assertNull(upload.record());
    assertFalse(image.built());
    assertThrows(
        KedroVertexAiException.class,
        () -> UploadGoal.run(new UploadGoal.Request(project(), "1.0.0", null, null, true, false), log));
    assertThrows(
        KedroVertexAiException.class,
        () -> ImageGoal.run(new ImageGoal.Request(project(), null, false, null, null, false, true, false), log));
  }

  @Test
  void initWritesTheConfigAndTheCiWorkflow() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("new-project"));

    InitGoal.Result result =
        InitGoal.run(
            new InitGoal.Request(empty, "my-project", "europe-west4", "tiny", false, "github", PlainSpelling.INSTANCE),
            log);

    assertEquals(empty.resolve("conf/base/vertexai.yml"), result.config());
    assertTrue(Files.readString(result.config()).contains("my-project"));
    assertTrue(Files.readString(result.ciWorkflow()).contains("run: kv-build -B deploy --wait=true"),
        "the workflow runs the build as the front end spells it");
    assertTrue(log.infos().contains("Wrote " + result.config() + ": set run_config.image and run_config.root, then run"
        + " {build:package}"), String.valueOf(log.infos()));
  }
}
