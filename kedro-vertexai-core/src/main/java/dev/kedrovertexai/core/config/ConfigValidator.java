package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the merged {@code vertexai.yml} tree against the schema ({@link ConfigSchema}) and builds the typed
 * config, with one section validator per part of {@code run_config}. It never stops at the first mistake: every
 * problem goes to the list, located at the key it concerns, and building carries on with what is valid. Keys that
 * are accepted but have no effect yet are reported as warnings.
 */
final class ConfigValidator {
  private final ConfigReader in;

  ConfigValidator(List<Problem> problems) {
    this.in = new ConfigReader(problems);
  }

  /** Warnings as {@code origin: key: message} lines, in the order found. */
  List<String> warnings() {
    return in.warnings;
  }

  /**
   * The typed config, or null when required parts are missing or broken (the problems say why). {@code
   * fileOrigin} locates problems about keys that are missing altogether.
   */
  VertexAiConfig validate(ConfigNode.Mapping root, Origin fileOrigin, String env, Map<String, Origin> origins) {
    in.checkKeys(root, "", ConfigSchema.TOP_KEYS);
    String projectId = in.requiredString(root, "", "project_id", fileOrigin, Formats::projectId);
    String region = in.requiredString(root, "", "region", fileOrigin, Formats::region);
    ConfigNode.Mapping runConfigMap = in.map(root, "", "run_config");
    RunConfig runConfig = null;
    if (runConfigMap == null) {
      if (!in.present(root, "run_config")) {
        in.missing(fileOrigin, "run_config");
      }
    } else {
      // Missing run_config keys point at conf/base, where they belong, not at whichever file set run_config last.
      runConfig = runConfig(runConfigMap, fileOrigin, region);
    }
    if (projectId == null || region == null || runConfig == null) {
      return null;
    }
    return new VertexAiConfig(projectId, region, env, runConfig, origins);
  }

  private RunConfig runConfig(ConfigNode.Mapping map, Origin where, String region) {
    String path = "run_config";
    in.checkKeys(map, path, ConfigSchema.RUN_CONFIG_KEYS);
    String image = in.requiredString(map, path, "image", where, Formats::image);
    String root = in.requiredString(map, path, "root", where, Formats::root);
    String experimentName = in.string(map, path, "experiment_name", Formats::experimentName);
    String experimentDescription = in.string(map, path, "experiment_description", in.none());
    String description = in.string(map, path, "description", in.none());
    String scheduledRunName = in.string(map, path, "scheduled_run_name", Formats::displayName);
    String serviceAccount = in.string(map, path, "service_account", Formats::email);
    NetworkConfig network = NetworkSection.read(in, map, path);
    Map<String, ResourceRequest> resources = ResourcesSection.resources(in, map, path);
    Map<String, Map<String, String>> nodeSelectors = ResourcesSection.nodeSelectors(in, map, path);
    GroupingConfig grouping = GroupingSection.read(in, map, path);
    List<DynamicConfigProvider> providers = TrackingSection.dynamicConfigProviders(in, map, path);
    MlflowConfig mlflow = TrackingSection.mlflow(in, map, path);
    Map<String, ScheduleConfig> schedules = ScheduleSection.read(in, map, path);
    Map<String, PipelineParameter> parameters = ParameterSection.read(in, map, path);
    Boolean enableCaching = in.bool(map, path, "enable_caching");
    String encryptionKey = JobSettingsSection.encryptionKey(in, map, path, region);
    Map<String, String> labels = JobSettingsSection.labels(in, map, path);
    LocalDatasets localDatasets = JobSettingsSection.localDatasets(in, map, path);
    ImageBuildConfig imageBuild = JobSettingsSection.imageBuild(in, map, path, image);
    // A registered pipeline name; whether the project has it is checked at compile time, against its pipelines.
    String onExitPipeline = in.string(map, path, "on_exit_pipeline",
        value -> value.isBlank() ? Optional.of("must name a registered Kedro pipeline") : Optional.empty());
    String templateRepository = in.string(map, path, "template_repository", TemplateRepository::check);
    in.legacy(map, path, "ttl");
    in.legacy(map, path, "image_pull_policy");
    if (image == null || root == null) {
      return null;
    }
    return RunConfig.builder(image, Formats.normalizeRoot(root))
        .experimentName(experimentName)
        .experimentDescription(experimentDescription)
        .description(description)
        .scheduledRunName(scheduledRunName)
        .serviceAccount(serviceAccount)
        .network(network)
        .resources(resources)
        .nodeSelectors(nodeSelectors)
        .grouping(grouping)
        .dynamicConfigProviders(providers)
        .mlflow(mlflow)
        .schedules(schedules)
        .parameters(parameters)
        .enableCaching(Boolean.TRUE.equals(enableCaching))
        .encryptionKey(encryptionKey)
        .labels(labels)
        .imageBuild(imageBuild)
        .onExitPipeline(onExitPipeline)
        .localDatasets(localDatasets)
        .templateRepository(templateRepository == null ? null : templateRepository.trim())
        .build();
  }
}
