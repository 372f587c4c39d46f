package dev.kedrovertexai.core.config;

import java.util.Set;

/** The keys {@code vertexai.yml} takes, section by section: anything else is an unknown key, with a suggestion. */
final class ConfigSchema {
  private ConfigSchema() {}

  static final Set<String> TOP_KEYS = Set.of("project_id", "region", "run_config");
  static final Set<String> RUN_CONFIG_KEYS =
      Set.of(
          "image", "root", "experiment_name", "experiment_description", "description", "scheduled_run_name",
          "service_account", "network", "resources", "node_selectors", "grouping", "dynamic_config_providers",
          "mlflow", "schedules", "parameters", "enable_caching", "encryption_key", "labels", "local_datasets",
          "image_build", "template_repository",
          "ttl", "image_pull_policy", "on_exit_pipeline");
  static final Set<String> NETWORK_KEYS = Set.of("vpc", "host_aliases");
  static final Set<String> HOST_ALIAS_KEYS = Set.of("ip", "hostnames");
  static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory", "gpu");
  static final Set<String> GROUPING_KEYS = Set.of("cls", "params");
  static final Set<String> GROUPING_CLASSES = Set.of(GroupingConfig.IDENTITY, GroupingConfig.TAGS, GroupingConfig.AUTO);
  static final Set<String> SCHEDULE_KEYS =
      Set.of(
          "cron_expression", "timezone", "start_time", "end_time", "allow_queueing", "max_run_count",
          "max_concurrent_run_count");
  static final Set<String> PARAMETER_KEYS = Set.of("type", "default");
  static final Set<String> IMAGE_BUILD_KEYS = Set.of("base_image", "python_version");
  static final Set<String> PROVIDER_KEYS = Set.of("cls", "params");
  static final Set<String> MLFLOW_KEYS = Set.of("enabled", "request_header_provider", "request_header_provider_params");

  /** Names the spec compiler gives every task's own inputs; a pipeline parameter may not take them. */
  static final Set<String> RESERVED_PARAMETERS = Set.of("kedro_nodes", "kedro_stored");
}
