package dev.kedrovertexai.core.description;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the compiler needs to know about a Kedro project, as introspected for one Kedro env (or read from
 * a saved {@code pipeline-description.json}). See README, "Pipeline description format".
 *
 * <p>{@code kedroMlflowVersion} is the version of kedro-mlflow when its hook is active in the project, else null.
 */
public record PipelineDescription(
    int formatVersion,
    String projectName,
    String packageName,
    String kedroVersion,
    String env,
    Map<String, KedroPipeline> pipelines,
    Map<String, DatasetFacts> datasets,
    List<String> parameters,
    String kedroMlflowVersion) {

  /** The format this build writes and reads; 1 had declared entries and patterns instead of {@code datasets}. */
  public static final int FORMAT_VERSION = 2;

  public PipelineDescription {
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(packageName, "packageName");
    kedroVersion = kedroVersion == null ? "" : kedroVersion;
    env = env == null ? "" : env;
    pipelines = Collections.unmodifiableMap(new TreeMap<>(pipelines));
    datasets = Collections.unmodifiableMap(new TreeMap<>(datasets));
    parameters = List.copyOf(parameters);
    kedroMlflowVersion = kedroMlflowVersion == null || kedroMlflowVersion.isEmpty() ? null : kedroMlflowVersion;
  }

  /** A description of a project without kedro-mlflow. */
  public PipelineDescription(
      int formatVersion,
      String projectName,
      String packageName,
      String kedroVersion,
      String env,
      Map<String, KedroPipeline> pipelines,
      Map<String, DatasetFacts> datasets,
      List<String> parameters) {
    this(formatVersion, projectName, packageName, kedroVersion, env, pipelines, datasets, parameters, null);
  }

  /** Whether kedro-mlflow's hook is active in the project, so that its runs are tracked in MLflow. */
  public boolean usesKedroMlflow() {
    return kedroMlflowVersion != null;
  }

  public Optional<KedroPipeline> pipeline(String name) {
    return Optional.ofNullable(pipelines.get(name));
  }

  /** What the catalog resolves {@code dataset} to; one missing from {@link #datasets()} has no catalog entry. */
  public DatasetFacts dataset(String dataset) {
    return datasets.getOrDefault(dataset, DatasetFacts.UNDECLARED);
  }
}
