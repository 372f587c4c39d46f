package dev.kedrovertexai.core.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.description.DescriptionJson;
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
    Path committed = KedroTestEnvironment.of(Tool.KEDRO_1).example.resolve("pipeline-description.json");

    assertEquals(
        Files.readString(committed, StandardCharsets.UTF_8),
        DescriptionJson.write(description),
        "regenerate examples/spaceflights/pipeline-description.json with the pinned Kedro 1.x (see its README)");
  }
}
