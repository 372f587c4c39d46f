package dev.kedrovertexai.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VertexNamesTest {
  @Test
  void pipelineNameIsTheProjectForTheDefaultPipeline() {
    assertEquals("spaceflights", VertexNames.pipelineName("spaceflights", "__default__"));
    assertEquals("my-kedro-project", VertexNames.pipelineName("My Kedro_Project", "__default__"));
  }

  @Test
  void pipelineNameAddsAnyOtherKedroPipeline() {
    assertEquals(
        "spaceflights-data-processing",
        VertexNames.pipelineName("spaceflights", "data_processing"));
    assertEquals("spaceflights-ds-v2", VertexNames.pipelineName("spaceflights", "ds..v2"));
  }

  @Test
  void pipelineNameNeverStartsOrEndsWithADashAndFitsVertex() {
    assertEquals("proj-x", VertexNames.pipelineName("__proj__", "x__"));
    String long128 = VertexNames.pipelineName("a".repeat(127) + "-b", "__default__");
    assertEquals("a".repeat(127), long128);
    String name = VertexNames.pipelineName("Ünïcode ☃ project", "__default__");
    assertEquals("n-code-project", name);
    assertTrue(VertexNames.PIPELINE_NAME.matcher(name).matches());
  }

  @Test
  void pipelineNameFallsBackWhenNothingUsableRemains() {
    assertEquals("kedro-pipeline", VertexNames.pipelineName("☃☃", "__default__"));
  }

  @Test
  void labelValuesKeepUnderscoresAndReplaceEverythingElseVertexRefuses() {
    assertEquals("__default__", VertexNames.labelValue("__default__"));
    assertEquals("0-1-0-snapshot", VertexNames.labelValue("0.1.0-SNAPSHOT"));
    assertEquals(63, VertexNames.labelValue("x".repeat(100)).length());
    assertTrue(VertexNames.LABEL_VALUE.matcher(VertexNames.labelValue("Prod Env/EU")).matches());
  }
}
