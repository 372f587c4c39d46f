package dev.kedrovertexai.core.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code run_config} of {@code vertexai.yml}, validated. Maps are sorted by key so that everything derived
 * from them is deterministic.
 *
 * <p>{@code resources} and {@code nodeSelectors} are keyed as the user wrote them: a Kedro node name (full,
 * namespaced), a tag, a group name, or {@code __default__}. {@code imageBuild} is how {@code vertexai:image}
 * builds {@code image}. {@code onExitPipeline} is a registered Kedro pipeline that runs after the compiled one
 * whatever its outcome, or null. {@code templateRepository} is where {@code vertexai:upload} uploads the compiled
 * pipeline, as written (see {@link TemplateRepository}), or null.
 */
public record RunConfig(
    String image,
    String root,
    String experimentName,
    String experimentDescription,
    String description,
    String scheduledRunName,
    String serviceAccount,
    NetworkConfig network,
    Map<String, ResourceRequest> resources,
    Map<String, Map<String, String>> nodeSelectors,
    GroupingConfig grouping,
    List<DynamicConfigProvider> dynamicConfigProviders,
    MlflowConfig mlflow,
    Map<String, ScheduleConfig> schedules,
    Map<String, PipelineParameter> parameters,
    boolean enableCaching,
    String encryptionKey,
    Map<String, String> labels,
    ImageBuildConfig imageBuild,
    String onExitPipeline,
    LocalDatasets localDatasets,
    String templateRepository) {

  /** kedro-vertexai's default when {@code resources.__default__} is not set. */
  public static final ResourceRequest DEFAULT_RESOURCES = new ResourceRequest("500m", "1024Mi", null);

  public static final String DEFAULT_KEY = "__default__";

  public RunConfig {
    network = network == null ? NetworkConfig.NONE : network;
    resources = sorted(resources);
    nodeSelectors = sorted(nodeSelectors);
    grouping = grouping == null ? GroupingConfig.NONE : grouping;
    dynamicConfigProviders = List.copyOf(dynamicConfigProviders);
    mlflow = mlflow == null ? MlflowConfig.NONE : mlflow;
    schedules = sorted(schedules);
    parameters = sorted(parameters);
    labels = sorted(labels);
    imageBuild = imageBuild == null ? ImageBuildConfig.NONE : imageBuild;
    localDatasets = localDatasets == null ? LocalDatasets.STORE : localDatasets;
  }

  /** A run config that builds no image, keeps the default {@code local_datasets} and has no template repository. */
  public RunConfig(
      String image,
      String root,
      String experimentName,
      String experimentDescription,
      String description,
      String scheduledRunName,
      String serviceAccount,
      NetworkConfig network,
      Map<String, ResourceRequest> resources,
      Map<String, Map<String, String>> nodeSelectors,
      GroupingConfig grouping,
      List<DynamicConfigProvider> dynamicConfigProviders,
      MlflowConfig mlflow,
      Map<String, ScheduleConfig> schedules,
      Map<String, PipelineParameter> parameters,
      boolean enableCaching,
      String encryptionKey,
      Map<String, String> labels,
      String onExitPipeline) {
    this(
        image, root, experimentName, experimentDescription, description, scheduledRunName, serviceAccount, network,
        resources, nodeSelectors, grouping, dynamicConfigProviders, mlflow, schedules, parameters, enableCaching,
        encryptionKey, labels, ImageBuildConfig.NONE, onExitPipeline, LocalDatasets.STORE, null);
  }

  /** The bucket and prefix of {@code root} without any {@code gs://} scheme: {@code bucket/prefix}. */
  public String rootPath() {
    return root.startsWith("gs://") ? root.substring("gs://".length()) : root;
  }

  /**
   * {@code experiment_name}, or when it is not set {@code <project>-experiment} made valid for Vertex AI from the
   * Kedro project name (kedro-vertexai's init template writes that default into the file).
   */
  public String experimentNameOrDefault(String kedroProjectName) {
    if (experimentName != null) {
      return experimentName;
    }
    String base = Formats.sanitizedName(kedroProjectName == null ? "" : kedroProjectName, 128 - "-experiment".length());
    return (base.isEmpty() ? "kedro" : base) + "-experiment";
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
