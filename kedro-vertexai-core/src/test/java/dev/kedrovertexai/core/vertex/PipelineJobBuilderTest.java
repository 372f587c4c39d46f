package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.ParameterType;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.config.RunConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineJobBuilderTest {
  private static final Map<String, String> OURS =
      JobLabels.submission("Spaceflights", "__default__", "base", "0.1.0-SNAPSHOT");

  @Test
  void appliesConfigParametersAndLabels() throws Exception {
    RunConfig run =
        Fixtures.runConfig(
            "runner@my-gcp-project.iam.gserviceaccount.com",
            "projects/12345/global/networks/kedro",
            true,
            "projects/p/locations/europe-west4/keyRings/r/cryptoKeys/k",
            Map.of("team", "ml", "compiled-with", "config-wins"),
            Map.of(),
            null);
    PipelineJob compiled = PipelineJobBuilder.parse(Fixtures.jobJson(), "pipeline-job.json");

    PipelineJob job =
        PipelineJobBuilder.prepare(
            compiled,
            Fixtures.config(run),
            OURS,
            Map.of(
                "learning_rate",
                ParameterValue.ofFloat(0.5),
                "epochs",
                ParameterValue.ofInt(3),
                "tags",
                ParameterValue.parse(ParameterType.LIST, "[a, b]").orElseThrow(),
                "opts",
                ParameterValue.parse(ParameterType.DICT, "{x: true}").orElseThrow()));

    assertEquals("runner@my-gcp-project.iam.gserviceaccount.com", job.getServiceAccount());
    assertEquals("projects/12345/global/networks/kedro", job.getNetwork());
    assertEquals(
        "projects/p/locations/europe-west4/keyRings/r/cryptoKeys/k",
        job.getEncryptionSpec().getKmsKeyName());
    assertEquals("gs://kedro-bucket/runs", job.getRuntimeConfig().getGcsOutputDirectory());
    Map<String, Value> values = job.getRuntimeConfig().getParameterValuesMap();
    assertEquals(0.5, values.get("learning_rate").getNumberValue());
    assertEquals(
        "nightly",
        values.get("run_name").getStringValue(),
        "a compiled default stays when not given");
    assertEquals(3.0, values.get("epochs").getNumberValue());
    assertEquals("b", values.get("tags").getListValue().getValues(1).getStringValue());
    assertTrue(values.get("opts").getStructValue().getFieldsOrThrow("x").getBoolValue());
    assertEquals("config-wins", job.getLabelsOrThrow("compiled-with"));
    assertEquals("ml", job.getLabelsOrThrow("team"));
    assertEquals("spaceflights", job.getLabelsOrThrow(JobLabels.PROJECT));
    assertEquals("__default__", job.getLabelsOrThrow(JobLabels.PIPELINE));
    assertEquals("base", job.getLabelsOrThrow(JobLabels.ENV));
    assertEquals("0-1-0-snapshot", job.getLabelsOrThrow(JobLabels.PLUGIN_VERSION));
    for (String task : List.of("data-processing", "data-science")) {
      assertTrue(cachingOf(job, task), task + " has caching on");
    }
    assertEquals(
        compiled.getPipelineSpec().getFieldsOrThrow("deploymentSpec"),
        job.getPipelineSpec().getFieldsOrThrow("deploymentSpec"));
  }

  @Test
  void cachingIsOffByDefaultAndUnsetFieldsStayUnset() throws Exception {
    PipelineJob job =
        PipelineJobBuilder.prepare(
            PipelineJobBuilder.parse(Fixtures.jobJson(), "pipeline-job.json"),
            Fixtures.plainConfig(),
            OURS,
            Map.of());

    assertFalse(cachingOf(job, "data-processing"));
    assertFalse(cachingOf(job, "data-science"));
    assertEquals("", job.getServiceAccount());
    assertEquals("", job.getNetwork());
    assertFalse(job.hasEncryptionSpec());
  }

  @Test
  void invalidLabelsAreReportedTogetherWithTheirKeys() throws Exception {
    RunConfig run =
        Fixtures.runConfig(
            null, null, false, null, Map.of("Team", "ok", "owner", "Jane Doe"), Map.of(), null);
    ProblemsException e =
        assertThrows(
            ProblemsException.class,
            () ->
                PipelineJobBuilder.prepare(
                    PipelineJobBuilder.parse(Fixtures.jobJson(), "pipeline-job.json"),
                    Fixtures.config(run),
                    OURS,
                    Map.of()));

    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("run_config.labels.Team"), e.getMessage());
    assertTrue(
        e.getMessage().contains("run_config.labels.owner") && e.getMessage().contains("'Jane Doe'"),
        e.getMessage());
  }

  @Test
  void aLocalRootCannotRunOnVertex() throws Exception {
    PipelineJob compiled =
        PipelineJobBuilder.parse(Fixtures.jobJson(), "pipeline-job.json").toBuilder()
            .setRuntimeConfig(
                PipelineJob.RuntimeConfig.newBuilder().setGcsOutputDirectory("file:///tmp/runs"))
            .build();
    ProblemsException e =
        assertThrows(
            ProblemsException.class,
            () -> PipelineJobBuilder.prepare(compiled, Fixtures.plainConfig(), OURS, Map.of()));

    assertTrue(
        e.getMessage().contains("conf/base/vertexai.yml:4:9: run_config.root"), e.getMessage());
    assertTrue(e.getMessage().contains("gs://bucket/prefix"), e.getMessage());
  }

  @Test
  void aBrokenJobFileNamesTheFileAndTheFix() {
    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () ->
                PipelineJobBuilder.parse(
                    "{\"pipelineSpek\": {}}", "target/vertexai/pipeline-job.json"));

    assertTrue(
        e.getMessage()
            .startsWith("target/vertexai/pipeline-job.json is not a Vertex AI PipelineJob"),
        e.getMessage());
    assertTrue(e.getMessage().contains("{goal:compile}"), e.getMessage());
  }

  @Test
  void labelValuesAreFoldedIntoTheVertexAlphabet() {
    assertEquals("spaceflights-0-1", JobLabels.value("Spaceflights 0.1"));
    assertEquals(63, JobLabels.value("x".repeat(80)).length());
    assertEquals(
        "labels.kedro-pipeline=\"__default__\" AND labels.kedro-project=\"spaceflights\"",
        JobLabels.filter(JobLabels.identity("Spaceflights", "__default__")));
  }

  private static boolean cachingOf(PipelineJob job, String task) {
    Struct tasks =
        job.getPipelineSpec()
            .getFieldsOrThrow("root")
            .getStructValue()
            .getFieldsOrThrow("dag")
            .getStructValue()
            .getFieldsOrThrow("tasks")
            .getStructValue();
    return tasks
        .getFieldsOrThrow(task)
        .getStructValue()
        .getFieldsOrThrow("cachingOptions")
        .getStructValue()
        .getFieldsOrThrow("enableCache")
        .getBoolValue();
  }
}
