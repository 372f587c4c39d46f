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

  /** A run config with {@code image} and {@code root} and every other key at its default, to set as needed. */
  public static Builder builder(String image, String root) {
    return new Builder(image, root);
  }

  /** Sets keys by name; unset ones keep the defaults of the canonical constructor. */
  public static final class Builder {
    private String image;
    private String root;
    private String experimentName;
    private String experimentDescription;
    private String description;
    private String scheduledRunName;
    private String serviceAccount;
    private NetworkConfig network;
    private Map<String, ResourceRequest> resources;
    private Map<String, Map<String, String>> nodeSelectors;
    private GroupingConfig grouping;
    private List<DynamicConfigProvider> dynamicConfigProviders = List.of();
    private MlflowConfig mlflow;
    private Map<String, ScheduleConfig> schedules;
    private Map<String, PipelineParameter> parameters;
    private boolean enableCaching;
    private String encryptionKey;
    private Map<String, String> labels;
    private ImageBuildConfig imageBuild;
    private String onExitPipeline;
    private LocalDatasets localDatasets;
    private String templateRepository;

    private Builder(String image, String root) {
      this.image = image;
      this.root = root;
    }

    public Builder experimentName(String experimentName) {
      this.experimentName = experimentName;
      return this;
    }

    public Builder experimentDescription(String experimentDescription) {
      this.experimentDescription = experimentDescription;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder scheduledRunName(String scheduledRunName) {
      this.scheduledRunName = scheduledRunName;
      return this;
    }

    public Builder serviceAccount(String serviceAccount) {
      this.serviceAccount = serviceAccount;
      return this;
    }

    public Builder network(NetworkConfig network) {
      this.network = network;
      return this;
    }

    public Builder resources(Map<String, ResourceRequest> resources) {
      this.resources = resources;
      return this;
    }

    public Builder nodeSelectors(Map<String, Map<String, String>> nodeSelectors) {
      this.nodeSelectors = nodeSelectors;
      return this;
    }

    public Builder grouping(GroupingConfig grouping) {
      this.grouping = grouping;
      return this;
    }

    public Builder dynamicConfigProviders(List<DynamicConfigProvider> dynamicConfigProviders) {
      this.dynamicConfigProviders = dynamicConfigProviders;
      return this;
    }

    public Builder mlflow(MlflowConfig mlflow) {
      this.mlflow = mlflow;
      return this;
    }

    public Builder schedules(Map<String, ScheduleConfig> schedules) {
      this.schedules = schedules;
      return this;
    }

    public Builder parameters(Map<String, PipelineParameter> parameters) {
      this.parameters = parameters;
      return this;
    }

    public Builder enableCaching(boolean enableCaching) {
      this.enableCaching = enableCaching;
      return this;
    }

    public Builder encryptionKey(String encryptionKey) {
      this.encryptionKey = encryptionKey;
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    public Builder imageBuild(ImageBuildConfig imageBuild) {
      this.imageBuild = imageBuild;
      return this;
    }

    public Builder onExitPipeline(String onExitPipeline) {
      this.onExitPipeline = onExitPipeline;
      return this;
    }

    public Builder localDatasets(LocalDatasets localDatasets) {
      this.localDatasets = localDatasets;
      return this;
    }

    public Builder templateRepository(String templateRepository) {
      this.templateRepository = templateRepository;
      return this;
    }

    public RunConfig build() {
      return new RunConfig(
          image, root, experimentName, experimentDescription, description, scheduledRunName, serviceAccount, network,
          resources, nodeSelectors, grouping, dynamicConfigProviders, mlflow, schedules, parameters, enableCaching,
          encryptionKey, labels, imageBuild, onExitPipeline, localDatasets, templateRepository);
    }
  }
}
