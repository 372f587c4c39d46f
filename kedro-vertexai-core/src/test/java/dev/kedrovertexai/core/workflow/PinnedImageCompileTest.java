package dev.kedrovertexai.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.image.BuiltImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compile after vertexai:image names the image it built by digest, in both files; otherwise the configured one. */
class PinnedImageCompileTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IMAGE = "europe-west4-docker.pkg.dev/my-project/kedro/tiny:latest";
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @TempDir Path project;
  private ProjectSettings settings;

  @BeforeEach
  void project() throws Exception {
    Path conf = Files.createDirectories(project.resolve("conf/base"));
    Files.writeString(
        conf.resolve("vertexai.yml"),
        "project_id: my-project\nregion: europe-west4\nrun_config:\n  image: " + IMAGE + "\n  root: bucket/tiny\n");
    Path description = project.resolve("pipeline-description.json");
    try (InputStream saved = getClass().getResourceAsStream("/dev/kedrovertexai/core/description/tiny-description.json")) {
      Files.copy(saved, description);
    }
    settings =
        new ProjectSettings(
            project, project.resolve("target/vertexai"), "local", "__default__", null, description, List.of(), Map.of());
  }

  @Test
  void theImageBuiltInThisBuildIsNamedByDigest() throws Exception {
    Path record = project.resolve("target/vertexai/image.json");
    Files.createDirectories(record.getParent());
    Files.writeString(record, new BuiltImage(IMAGE, DIGEST, "python:3.11-slim", DIGEST, null).toJson());

    CompileResult result = new CompileWorkflow(EventLog.SILENT, record).compile(settings);

    String pinned = "europe-west4-docker.pkg.dev/my-project/kedro/tiny@" + DIGEST;
    assertEquals(List.of(pinned), images(JSON.readTree(result.files().pipelineSpec().toFile())));
    assertEquals(
        List.of(pinned), images(JSON.readTree(result.files().pipelineJob().toFile()).get("pipelineSpec")));
  }

  @Test
  void withoutAnImageBuiltTheConfiguredImageIsNamed() throws Exception {
    CompileResult result = new CompileWorkflow(EventLog.SILENT).compile(settings);

    assertEquals(List.of(IMAGE), images(JSON.readTree(result.files().pipelineSpec().toFile())));
  }

  @Test
  void aRecordOfAnotherImageStopsTheCompileBeforeAnythingIsWritten() throws Exception {
    Path record = project.resolve("target/vertexai/image.json");
    Files.createDirectories(record.getParent());
    Files.writeString(record, new BuiltImage("gcr.io/p/other:1", DIGEST, "python:3.11-slim", DIGEST, null).toJson());

    KedroVertexAiException e =
        assertThrows(KedroVertexAiException.class, () -> new CompileWorkflow(EventLog.SILENT, record).compile(settings));

    assertTrue(e.getMessage().contains("but run_config.image is " + IMAGE + " (conf/base/vertexai.yml:4:3)"), e.getMessage());
    assertFalse(Files.exists(project.resolve("target/vertexai/pipeline.json")));
  }

  /** The image of every executor. */
  private static List<String> images(JsonNode spec) {
    List<String> images = new ArrayList<>();
    spec.path("deploymentSpec").path("executors").forEach(executor -> images.add(executor.path("container").path("image").asText()));
    return images.stream().distinct().toList();
  }
}
