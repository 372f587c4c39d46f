package dev.kedrovertexai.core.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.description.DescriptionJson;
import dev.kedrovertexai.core.description.KedroIntrospector;
import dev.kedrovertexai.core.description.PipelineDescription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real-Kedro tests on the newest Kedro 1.x, which the example's saved description is made with. */
class Kedro1LiveTest extends KedroLiveTest {
  Kedro1LiveTest() {
    super(Tool.KEDRO_1);
  }

  @Test
  void theCommittedDescriptionIsWhatIntrospectionGives() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    Path committed = kedro.example.resolve("pipeline-description.json");
    // The example's build compiles its Kedro env for Vertex AI (see its pom.xml).
    PipelineDescription forVertexAi =
        new KedroIntrospector(EventLog.SILENT)
            .describe(kedro.python(), kedro.copyExample(work.resolve("kedro-1-committed")), "vertexai");

    assertEquals(
        Files.readString(committed, StandardCharsets.UTF_8),
        DescriptionJson.write(forVertexAi),
        "regenerate examples/spaceflights/pipeline-description.json with the pinned Kedro 1.x (see its README)");
  }
}
