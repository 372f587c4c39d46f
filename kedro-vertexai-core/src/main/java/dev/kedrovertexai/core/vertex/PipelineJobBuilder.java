package dev.kedrovertexai.core.vertex;

import com.google.cloud.aiplatform.v1.EncryptionSpec;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compiled {@code pipeline-job.json} made ready to send: runtime parameter values, our labels merged into
 * the compiled and configured ones, service account, VPC network, encryption key and caching as the config says.
 */
public final class PipelineJobBuilder {
  private PipelineJobBuilder() {}

  /** Reads {@code pipeline-job.json} (proto3 JSON of a PipelineJob); {@code source} names it in errors. */
  public static PipelineJob parse(String json, String source) throws KedroVertexAiException {
    PipelineJob.Builder job = PipelineJob.newBuilder();
    try {
      JsonFormat.parser().merge(json, job);
    } catch (InvalidProtocolBufferException e) {
      throw new KedroVertexAiException(
          source + " is not a Vertex AI PipelineJob: " + e.getMessage() + ". Run {goal:compile} again.", e);
    }
    return job.build();
  }

  /** {@code pipelineSpec.pipelineInfo.name}, the prefix of job ids and the default schedule name. */
  public static String pipelineName(PipelineJob job) throws KedroVertexAiException {
    Value info = job.getPipelineSpec().getFieldsOrDefault("pipelineInfo", Value.getDefaultInstance());
    Value name = info.getStructValue().getFieldsOrDefault("name", Value.getDefaultInstance());
    if (name.getStringValue().isEmpty()) {
      throw new KedroVertexAiException(
          "The compiled PipelineJob has no pipelineSpec.pipelineInfo.name. Run {goal:compile} again.");
    }
    return name.getStringValue();
  }

  /**
   * The job to submit. {@code labels} (ours) win over configured labels, which win over compiled ones; {@code
   * parameterValues} win over the compiled defaults.
   */
  public static PipelineJob prepare(
      PipelineJob compiled,
      VertexAiConfig config,
      Map<String, String> labels,
      Map<String, ParameterValue> parameterValues)
      throws ProblemsException {
    RunConfig run = config.runConfig();
    List<Problem> problems = new ArrayList<>();
    PipelineJob.Builder job = compiled.toBuilder();

    String outputDirectory = job.getRuntimeConfig().getGcsOutputDirectory();
    if (outputDirectory.isEmpty() && run.root() != null) {
      outputDirectory = run.root().startsWith("gs://") ? run.root() : "gs://" + run.root();
    }
    if (!outputDirectory.startsWith("gs://") || outputDirectory.length() <= "gs://".length()) {
      problems.add(
          new Problem(
              config.originOf("run_config.root"),
              "run_config.root",
              "Vertex AI needs a Cloud Storage root (gs://bucket/prefix), got '" + outputDirectory + "'"));
    }
    job.getRuntimeConfigBuilder()
        .setGcsOutputDirectory(outputDirectory)
        .putAllParameterValues(ParameterValues.toProto(parameterValues));

    Map<String, String> merged = new TreeMap<>(compiled.getLabelsMap());
    merged.putAll(run.labels());
    merged.putAll(labels);
    checkLabels(merged, config, problems);
    job.clearLabels().putAllLabels(merged);

    if (notBlank(run.serviceAccount())) {
      job.setServiceAccount(run.serviceAccount());
    }
    if (notBlank(run.network().vpc())) {
      job.setNetwork(run.network().vpc());
    }
    if (notBlank(run.encryptionKey())) {
      job.setEncryptionSpec(EncryptionSpec.newBuilder().setKmsKeyName(run.encryptionKey()));
    }
    job.setPipelineSpec(withCaching(job.getPipelineSpec(), run.enableCaching()));

    if (!problems.isEmpty()) {
      throw new ProblemsException("The pipeline job cannot be submitted", problems);
    }
    return job.build();
  }

  /**
   * Sets {@code cachingOptions.enableCache} on every task of every DAG in the spec, as the Vertex AI SDK does
   * for {@code enable_caching}: Vertex AI would otherwise reuse cached task results by default.
   */
  static Struct withCaching(Struct spec, boolean enable) {
    Struct.Builder result = spec.toBuilder();
    Value root = spec.getFieldsOrDefault("root", null);
    if (root != null) {
      Struct updated = componentWithCaching(root.getStructValue(), enable);
      result.putFields("root", Value.newBuilder().setStructValue(updated).build());
    }
    Value components = spec.getFieldsOrDefault("components", null);
    if (components != null) {
      Struct.Builder updated = Struct.newBuilder();
      components
          .getStructValue()
          .getFieldsMap()
          .forEach(
              (name, component) ->
                  updated.putFields(
                      name,
                      Value.newBuilder()
                          .setStructValue(componentWithCaching(component.getStructValue(), enable))
                          .build()));
      result.putFields("components", Value.newBuilder().setStructValue(updated).build());
    }
    return result.build();
  }

  private static Struct componentWithCaching(Struct component, boolean enable) {
    Value dag = component.getFieldsOrDefault("dag", null);
    if (dag == null) {
      return component;
    }
    Value tasks = dag.getStructValue().getFieldsOrDefault("tasks", null);
    if (tasks == null) {
      return component;
    }
    Struct.Builder updatedTasks = Struct.newBuilder();
    tasks
        .getStructValue()
        .getFieldsMap()
        .forEach(
            (name, task) -> {
              Struct caching =
                  Struct.newBuilder().putFields("enableCache", Value.newBuilder().setBoolValue(enable).build()).build();
              Struct updated =
                  task.getStructValue().toBuilder()
                      .putFields("cachingOptions", Value.newBuilder().setStructValue(caching).build())
                      .build();
              updatedTasks.putFields(name, Value.newBuilder().setStructValue(updated).build());
            });
    Struct updatedDag =
        dag.getStructValue().toBuilder()
            .putFields("tasks", Value.newBuilder().setStructValue(updatedTasks).build())
            .build();
    return component.toBuilder().putFields("dag", Value.newBuilder().setStructValue(updatedDag).build()).build();
  }

  private static void checkLabels(Map<String, String> labels, VertexAiConfig config, List<Problem> problems) {
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String keyPath = "run_config.labels." + label.getKey();
      if (!JobLabels.validKey(label.getKey())) {
        problems.add(
            new Problem(
                config.originOf(keyPath),
                keyPath,
                "a Vertex AI label key must match [a-z0-9][a-z0-9_-]{0,62}"));
      }
      if (!JobLabels.validValue(label.getValue())) {
        problems.add(
            new Problem(
                config.originOf(keyPath),
                keyPath,
                "a Vertex AI label value must match [a-z0-9_-]{0,63}, got '" + label.getValue() + "'"));
      }
    }
    if (labels.size() > JobLabels.MAX_LABELS) {
      problems.add(
          new Problem(
              config.originOf("run_config.labels"),
              "run_config.labels",
              "Vertex AI allows at most "
                  + JobLabels.MAX_LABELS
                  + " labels on a job; with the plugin's own "
                  + labels.size()
                  + " would be set"));
    }
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
