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
    CatalogDescription catalog,
    List<String> parameters,
    String kedroMlflowVersion) {

  /** The format this build writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public PipelineDescription {
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(catalog, "catalog");
    kedroVersion = kedroVersion == null ? "" : kedroVersion;
    env = env == null ? "" : env;
    pipelines = Collections.unmodifiableMap(new TreeMap<>(pipelines));
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
      CatalogDescription catalog,
      List<String> parameters) {
    this(formatVersion, projectName, packageName, kedroVersion, env, pipelines, catalog, parameters, null);
  }

  /** Whether kedro-mlflow's hook is active in the project, so that its runs are tracked in MLflow. */
  public boolean usesKedroMlflow() {
    return kedroMlflowVersion != null;
  }

  public Optional<KedroPipeline> pipeline(String name) {
    return Optional.ofNullable(pipelines.get(name));
  }
}
