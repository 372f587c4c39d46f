package dev.kedrovertexai.core.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptionJsonTest {
  private static String tinyJson() throws IOException {
    try (InputStream in = DescriptionJsonTest.class.getResourceAsStream("tiny-description.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void parsesEveryFieldOfTheContract() throws Exception {
    PipelineDescription description = DescriptionJson.parse(tinyJson(), "tiny.json");

    assertEquals(2, description.formatVersion());
    assertEquals("tiny", description.projectName());
    assertEquals("tiny", description.packageName());
    assertEquals("1.0.0", description.kedroVersion());
    assertEquals("local", description.env());
    assertEquals(List.of("__default__", "prep"), List.copyOf(description.pipelines().keySet()));
    List<KedroNode> nodes = description.pipeline("__default__").orElseThrow().nodes();
    assertEquals(
        List.of("load_raw", "summarise", "score", "reporting.build_report"),
        nodes.stream().map(KedroNode::name).toList());
    KedroNode first = nodes.get(0);
    assertNull(first.namespace());
    assertEquals(List.of("group.prep"), first.tags());
    assertEquals(List.of("raw", "params:threshold"), first.inputs());
    assertEquals(List.of("cleaned"), first.outputs());
    assertEquals("reporting", nodes.get(3).namespace());
    assertEquals(
        List.of("cleaned", "raw", "reporting.report", "scores", "summary"), List.copyOf(description.datasets().keySet()));
    assertEquals(
        new DatasetFacts("{namespace}.report", "json.JSONDataset", false, "gs", "my-project-vertexai/tiny/reporting/report.json"),
        description.dataset("reporting.report"));
    assertEquals("gs://my-project-vertexai/tiny/reporting/report.json", description.dataset("reporting.report").location());
    DatasetFacts raw = description.dataset("raw");
    assertTrue(raw.isLocalFile() && raw.location().equals("data/01_raw/raw.csv"), raw.toString());
    assertEquals(DatasetFacts.UNDECLARED, description.dataset("cleaned"));
    assertEquals(List.of("threshold"), description.parameters());
  }

  @Test
  void writeIsPrettyDeterministicAndRoundTrips() throws Exception {
    PipelineDescription description = DescriptionJson.parse(tinyJson(), "tiny.json");

    String written = DescriptionJson.write(description);

    assertTrue(written.endsWith("}\n"), "ends with a newline");
    assertFalse(written.contains("\r"));
    assertTrue(written.startsWith("{\n  \"format_version\": 2,\n  \"project_name\": \"tiny\",\n"), written);
    assertTrue(written.contains("\"entry\": null,"), written);
    assertTrue(written.contains("\"tags\": [],"), "empty arrays written as []: " + written);
    assertTrue(written.contains("\"namespace\": null,"));
    assertEquals(written, DescriptionJson.write(DescriptionJson.parse(written, "again")));
    assertEquals(written, DescriptionJson.write(DescriptionJson.parse(tinyJson(), "tiny.json")));
  }

  @Test
  void kedroMlflowIsWrittenOnlyWhenTheProjectUsesIt() throws Exception {
    PipelineDescription without = DescriptionJson.parse(tinyJson(), "tiny.json");
    assertFalse(without.usesKedroMlflow());
    assertFalse(DescriptionJson.write(without).contains("kedro_mlflow"));

    String json = tinyJson().replace("\"parameters\": [\"threshold\"]", "\"parameters\": [\"threshold\"],\n  \"kedro_mlflow\": \"2.0.3\"");
    PipelineDescription with = DescriptionJson.parse(json, "tiny.json");
    assertTrue(with.usesKedroMlflow());
    assertEquals("2.0.3", with.kedroMlflowVersion());
    String written = DescriptionJson.write(with);
    assertTrue(written.endsWith("  \"kedro_mlflow\": \"2.0.3\"\n}\n"), written);
    assertEquals(written, DescriptionJson.write(DescriptionJson.parse(written, "again")));
  }

  @Test
  void theCommittedExampleDescriptionIsInTheWrittenLayout() throws Exception {
    // The example's file comes from describe_project.py; Java must write exactly the same bytes, so that a
    // description saved by either side does not churn.
    Path example = Path.of("..", "examples", "spaceflights", "pipeline-description.json");
    String saved = Files.readString(example, StandardCharsets.UTF_8);

    PipelineDescription description = DescriptionJson.read(example);

    assertEquals(saved, DescriptionJson.write(description));
    assertEquals("spaceflights", description.packageName());
    assertEquals(9, description.pipeline("__default__").orElseThrow().nodes().size());
  }

  @Test
  void aDescriptionOfAnotherFormatVersionIsRejectedWithTheCommandThatRegeneratesIt() throws Exception {
    // A format 1 file, as an earlier plugin wrote it: declared entries and patterns instead of resolved datasets.
    String json =
        tinyJson()
            .replace("\"format_version\": 2", "\"format_version\": 1")
            .replaceAll("(?s)\"datasets\": \\{.*?\n  },", "\"catalog\": {\"datasets\": [], \"patterns\": []},");

    ProblemsException error =
        assertThrows(ProblemsException.class, () -> DescriptionJson.parse(json, "saved/description.json"));

    assertEquals(1, error.problems().size(), "the version alone, not the fields of another format");
    Problem problem = error.problems().get(0);
    assertEquals("format_version", problem.keyPath());
    assertEquals("saved/description.json", problem.origin().source());
    assertEquals(
        "format version 1 was written by an older kedro-vertexai-maven-plugin; this one reads format version 2."
            + " Regenerate the file with the project's Python: mvn vertexai:describe -Dvertexai.env=local"
            + " -Dvertexai.describeOutput=saved/description.json",
        problem.message());
    String newer = tinyJson().replace("\"format_version\": 2", "\"format_version\": 3");
    assertTrue(
        assertThrows(ProblemsException.class, () -> DescriptionJson.parse(newer, "d.json"))
            .getMessage()
            .contains("format version 3 was written by a newer kedro-vertexai-maven-plugin"));
  }

  @Test
  void everyDatasetOfTheNodesNeedsItsFactsAndEachFactItsType() throws Exception {
    // summary's facts are the last in the file.
    String json = tinyJson().replace("\"in_memory\": true, \"protocol\": null, \"path\": null}\n", "\"in_memory\": \"yes\"}\n");

    ProblemsException error = assertThrows(ProblemsException.class, () -> DescriptionJson.parse(json, "d.json"));

    Map<String, String> byPath =
        error.problems().stream()
            .collect(java.util.stream.Collectors.toMap(Problem::keyPath, Problem::message, (a, b) -> a + "; " + b));
    assertEquals(Map.of("datasets.summary.in_memory", "expected true or false, got the string \"yes\""), byPath);
    assertEquals(1, error.problems().size(), "protocol and path may be missing: " + error.getMessage());
    String withoutCleaned = tinyJson().replaceFirst("\n    \"cleaned\": \\{[^}]*},", "");
    error = assertThrows(ProblemsException.class, () -> DescriptionJson.parse(withoutCleaned, "d.json"));
    assertEquals("pipelines.__default__.nodes[0].outputs[0]", error.problems().get(0).keyPath());
    assertTrue(error.problems().get(0).message().startsWith("dataset 'cleaned' has no entry in datasets"));
  }

  @Test
  void malformedJsonNamesTheFileAndPosition() throws Exception {
    String json = "{\n  \"format_version\": 1,\n  \"project_name\": \n}";

    KedroVertexAiException error =
        assertThrows(KedroVertexAiException.class, () -> DescriptionJson.parse(json, "broken.json"));

    assertTrue(error.getMessage().startsWith("The pipeline description broken.json:4:"), error.getMessage());
    assertTrue(error.getMessage().contains("not valid JSON"), error.getMessage());
  }

  @Test
  void everyProblemIsReportedWithItsJsonPath() throws Exception {
    String json =
        tinyJson()
            .replace("\"name\": \"summarise\"", "\"nom\": \"summarise\"")
            .replace("\"tags\": [\"training\"]", "\"tags\": [\"training\", 3]")
            .replace("\"scores\": {\"entry\"", "\"scores\": {\"size\": 7, \"entry\"")
            .replace("\"parameters\": [", "\"extra\": 1, \"parameters\": [");

    ProblemsException error = assertThrows(ProblemsException.class, () -> DescriptionJson.parse(json, "d.json"));

    Map<String, String> byPath =
        error.problems().stream()
            .collect(java.util.stream.Collectors.toMap(Problem::keyPath, Problem::message, (a, b) -> a + "; " + b));
    assertTrue(byPath.get("pipelines.__default__.nodes[1].nom").startsWith("unknown key"), byPath.toString());
    assertTrue(byPath.get("pipelines.__default__.nodes[1].name").contains("expected a non-empty string"));
    assertEquals("expected a string, got 3", byPath.get("pipelines.__default__.nodes[2].tags[1]"));
    assertTrue(byPath.get("datasets.scores.size").startsWith("unknown key"), byPath.toString());
    assertTrue(byPath.containsKey("extra"), byPath.toString());
    assertTrue(error.getMessage().contains("d.json: pipelines.__default__.nodes[2].tags[1]: expected a string, got 3"));
  }

  @Test
  void duplicateNodeNamesAndKeysAreErrors() throws Exception {
    String duplicateNode = tinyJson().replace("\"name\": \"summarise\"", "\"name\": \"load_raw\"");
    ProblemsException error =
        assertThrows(ProblemsException.class, () -> DescriptionJson.parse(duplicateNode, "d.json"));
    assertEquals("pipelines.__default__.nodes[1].name", error.problems().get(0).keyPath());

    String duplicateKey = tinyJson().replace("\"env\": \"local\"", "\"env\": \"local\", \"env\": \"prod\"");
    KedroVertexAiException duplicate =
        assertThrows(KedroVertexAiException.class, () -> DescriptionJson.parse(duplicateKey, "d.json"));
    assertTrue(duplicate.getMessage().contains("Duplicate field 'env'"), duplicate.getMessage());
  }

  @Test
  void aMissingFileSaysHowToMakeIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");

    KedroVertexAiException error = assertThrows(KedroVertexAiException.class, () -> DescriptionJson.read(missing));

    assertTrue(error.getMessage().contains(missing.toString() + " does not exist"), error.getMessage());
    assertTrue(error.getMessage().contains("mvn vertexai:describe"), error.getMessage());
  }

  @Test
  void nullNamespaceAndEnvAreAccepted() throws Exception {
    String json = tinyJson().replace("\"env\": \"local\"", "\"env\": null");

    PipelineDescription description = DescriptionJson.parse(json, "d.json");

    assertEquals("", description.env());
  }
}
