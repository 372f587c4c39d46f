package dev.kedrovertexai.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.vertex.FakeVertexAi;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every goal, driven through what a user or the service can cause: a missing config, a file where the output
 * folder should be, and a Vertex AI that refuses or breaks every call. Each ends the build with one
 * MojoFailureException whose message says what happened in the user's terms: no exception class, no trace.
 */
class GoalFailuresTest {
  /** Every call the goals make of Vertex AI. */
  private static final List<String> VERTEX_METHODS =
      List.of(
          "CreatePipelineJob", "GetPipelineJob", "ListPipelineJobs", "CancelPipelineJob", "CreateSchedule",
          "GetSchedule", "ListSchedules", "UpdateSchedule", "DeleteSchedule", "PauseSchedule", "ResumeSchedule",
          "GetMetadataStore", "CreateMetadataStore", "GetContext", "CreateContext", "ListContexts", "UpdateContext",
          "AddContextChildren");

  @TempDir Path dir;
  private GoalTestProject tiny;

  @BeforeEach
  void projectFiles() throws Exception {
    tiny = new GoalTestProject(dir);
    Files.writeString(dir.resolve("pyproject.toml"), "[tool.kedro]\npackage_name = \"tiny\"\nproject_name = \"tiny\"\n");
  }

  private void writeConfig() throws Exception {
    tiny.config("image_build:", "  base_image: python:3.11-slim", "template_repository: kedro-pipelines");
  }

  /** Each goal, configured as the POM's defaults would, for the project in {@code dir}. */
  private List<Supplier<AbstractVertexAiMojo>> goals(String endpoint) {
    List<Supplier<AbstractVertexAiMojo>> goals = new ArrayList<>();
    goals.add(() -> configure(new CompileMojo()));
    goals.add(() -> configure(new RunLocalMojo()));
    goals.add(() -> configure(new ImageMojo()));
    goals.add(() -> configure(new UploadMojo()));
    goals.add(() -> cloud(new RunOnceMojo(), endpoint));
    goals.add(() -> cloud(new ScheduleMojo(), endpoint));
    goals.add(() -> cloud(new UnscheduleMojo(), endpoint));
    goals.add(() -> cloud(new PauseScheduleMojo(), endpoint));
    goals.add(() -> cloud(new ResumeScheduleMojo(), endpoint));
    goals.add(() -> cloud(new ListPipelinesMojo(), endpoint));
    goals.add(() -> cloud(new UiMojo(), endpoint));
    goals.add(() -> cloud(new CleanTempMojo(), endpoint));
    return goals;
  }

  private <T extends AbstractVertexAiMojo> T configure(T mojo) {
    tiny.configure(mojo);
    if (mojo instanceof RunOnceMojo runOnce) {
      runOnce.pollInterval = "1s";
    } else if (mojo instanceof ListPipelinesMojo list) {
      list.limit = 10;
    } else if (mojo instanceof CleanTempMojo clean) {
      clean.olderThan = "7d";
    }
    return mojo;
  }

  private <T extends AbstractVertexAiCloudMojo> T cloud(T mojo, String endpoint) {
    configure(mojo).endpoint = endpoint;
    return mojo;
  }

  private static String goal(AbstractVertexAiMojo mojo) {
    return "vertexai:" + mojo.goalName();
  }

  /** The goal fails the build with one message in the user's terms, returned for a closer look. */
  private static String failsCleanly(AbstractVertexAiMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute, goal(mojo));
    String message = failure.getMessage();
    assertFalse(message.contains("Exception"), goal(mojo) + " names an exception class: " + message);
    assertFalse(message.contains("\tat "), goal(mojo) + " shows a trace: " + message);
    assertFalse(message.matches("(?s).*\\{(goal|param|setting|build):.*"), goal(mojo) + " left a placeholder: " + message);
    return message;
  }

  @Test
  void withoutAConfigEveryGoalSaysHowToWriteOne() {
    for (Supplier<AbstractVertexAiMojo> goal : goals("http://127.0.0.1:1")) {
      AbstractVertexAiMojo mojo = goal.get();
      String message = failsCleanly(mojo);
      assertTrue(message.contains("conf/base/vertexai.yml"), goal(mojo) + ": " + message);
      assertTrue(message.contains("mvn vertexai:init"), goal(mojo) + ": " + message);
    }
  }

  @Test
  void aFileWhereTheOutputFolderBelongsIsNamed() throws Exception {
    writeConfig();
    Files.createDirectories(dir.resolve("target"));
    Files.writeString(dir.resolve("target/vertexai"), "not a folder");
    List<AbstractVertexAiMojo> compiling =
        List.of(configure(new CompileMojo()), configure(new RunLocalMojo()), cloud(new RunOnceMojo(), "http://127.0.0.1:1"));
    for (AbstractVertexAiMojo mojo : compiling) {
      String message = failsCleanly(mojo);
      assertTrue(message.contains("target/vertexai"), goal(mojo) + ": " + message);
    }
  }

  @Test
  void aVertexAiThatRefusesEveryCallNamesThePermission() throws Exception {
    writeConfig();
    try (FakeVertexAi vertex = FakeVertexAi.loopback(0)) {
      failEveryCall(vertex, Status.PERMISSION_DENIED.withDescription("the caller does not have permission"));
      for (Supplier<AbstractVertexAiMojo> goal : cloudGoals("http://127.0.0.1:" + vertex.port())) {
        AbstractVertexAiMojo mojo = goal.get();
        String message = failsCleanly(mojo);
        assertTrue(
            message.contains("Permission denied") && message.contains("Grant it the permission aiplatform.")
                || needsCloudStorageFirst(mojo, message),
            goal(mojo) + ": " + message);
      }
    }
  }

  @Test
  void aVertexAiThatBreaksEveryCallSaysWhatCouldNotBeDone() throws Exception {
    writeConfig();
    try (FakeVertexAi vertex = FakeVertexAi.loopback(0)) {
      failEveryCall(vertex, Status.INTERNAL.withDescription("backend error 7"));
      for (Supplier<AbstractVertexAiMojo> goal : cloudGoals("http://127.0.0.1:" + vertex.port())) {
        AbstractVertexAiMojo mojo = goal.get();
        String message = failsCleanly(mojo);
        assertTrue(
            message.contains("INTERNAL") && message.contains("backend error 7") || needsCloudStorageFirst(mojo, message),
            goal(mojo) + ": " + message);
      }
    }
  }

  /** clean-temp opens Cloud Storage before it asks Vertex AI anything, and with an emulator it wants both. */
  private static boolean needsCloudStorageFirst(AbstractVertexAiMojo mojo, String message) {
    return mojo instanceof CleanTempMojo
        && message.equals("Cannot reach Cloud Storage: a Vertex AI emulator is set without a Cloud Storage emulator"
            + " (STORAGE_EMULATOR_HOST)");
  }

  private List<Supplier<AbstractVertexAiMojo>> cloudGoals(String endpoint) {
    return goals(endpoint).stream().filter(goal -> goal.get() instanceof AbstractVertexAiCloudMojo).toList();
  }

  private static void failEveryCall(FakeVertexAi vertex, Status status) {
    FakeVertexAi.Fault[] faults = new FakeVertexAi.Fault[50];
    java.util.Arrays.fill(faults, new FakeVertexAi.Fault(status, false));
    VERTEX_METHODS.forEach(method -> vertex.fail(method, faults));
  }
}
