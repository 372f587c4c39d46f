package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Checks the merged {@code vertexai.yml} tree against the schema and builds the typed config. It never stops at
 * the first mistake: every problem goes to the list, located at the key it concerns, and building carries on
 * with what is valid. Keys that are accepted but have no effect yet are reported as warnings.
 */
final class ConfigValidator {
  static final Set<String> TOP_KEYS = Set.of("project_id", "region", "run_config");
  static final Set<String> RUN_CONFIG_KEYS =
      Set.of(
          "image", "root", "experiment_name", "experiment_description", "description", "scheduled_run_name",
          "service_account", "network", "resources", "node_selectors", "grouping", "dynamic_config_providers",
          "mlflow", "schedules", "parameters", "enable_caching", "encryption_key", "labels", "local_datasets",
          "image_build",
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

  private final List<Problem> problems;
  private final List<String> warnings = new ArrayList<>();

  ConfigValidator(List<Problem> problems) {
    this.problems = problems;
  }

  /** Warnings as {@code origin: key: message} lines, in the order found. */
  List<String> warnings() {
    return warnings;
  }

  /**
   * The typed config, or null when required parts are missing or broken (the problems say why). {@code
   * fileOrigin} locates problems about keys that are missing altogether.
   */
  VertexAiConfig validate(ConfigNode.Mapping root, Origin fileOrigin, String env, Map<String, Origin> origins) {
    checkKeys(root, "", TOP_KEYS);
    String projectId = requiredString(root, "", "project_id", fileOrigin, Formats::projectId);
    String region = requiredString(root, "", "region", fileOrigin, Formats::region);
    ConfigNode.Mapping runConfigMap = map(root, "", "run_config");
    RunConfig runConfig = null;
    if (runConfigMap == null) {
      if (!present(root, "run_config")) {
        missing(fileOrigin, "run_config");
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
    checkKeys(map, path, RUN_CONFIG_KEYS);
    String image = requiredString(map, path, "image", where, Formats::image);
    String root = requiredString(map, path, "root", where, Formats::root);
    String experimentName = string(map, path, "experiment_name", Formats::experimentName);
    String experimentDescription = string(map, path, "experiment_description", none());
    String description = string(map, path, "description", none());
    String scheduledRunName = string(map, path, "scheduled_run_name", Formats::displayName);
    String serviceAccount = string(map, path, "service_account", Formats::email);
    NetworkConfig network = network(map, path);
    Map<String, ResourceRequest> resources = resources(map, path);
    Map<String, Map<String, String>> nodeSelectors = nodeSelectors(map, path);
    GroupingConfig grouping = grouping(map, path);
    List<DynamicConfigProvider> providers = dynamicConfigProviders(map, path);
    MlflowConfig mlflow = mlflow(map, path);
    Map<String, ScheduleConfig> schedules = schedules(map, path);
    Map<String, PipelineParameter> parameters = parameters(map, path);
    Boolean enableCaching = bool(map, path, "enable_caching");
    String encryptionKey = encryptionKey(map, path, region);
    Map<String, String> labels = labels(map, path);
    LocalDatasets localDatasets = localDatasets(map, path);
    ImageBuildConfig imageBuild = imageBuild(map, path, image);
    // A registered pipeline name; whether the project has it is checked at compile time, against its pipelines.
    String onExitPipeline = string(map, path, "on_exit_pipeline",
        value -> value.isBlank() ? Optional.of("must name a registered Kedro pipeline") : Optional.empty());
    legacy(map, path, "ttl");
    legacy(map, path, "image_pull_policy");
    if (image == null || root == null) {
      return null;
    }
    return new RunConfig(
        image, Formats.normalizeRoot(root), experimentName, experimentDescription, description, scheduledRunName,
        serviceAccount, network, resources, nodeSelectors, grouping, providers, mlflow, schedules, parameters,
        Boolean.TRUE.equals(enableCaching), encryptionKey, labels, imageBuild, onExitPipeline,
        localDatasets);
  }

  private LocalDatasets localDatasets(ConfigNode.Mapping runConfig, String parent) {
    Set<String> names = new java.util.TreeSet<>();
    for (LocalDatasets rule : LocalDatasets.values()) {
      names.add(rule.configName());
    }
    String name = string(runConfig, parent, "local_datasets", value -> LocalDatasets.of(value).isPresent()
        ? Optional.empty()
        : Optional.of("'" + value + "' is not a rule for datasets on local paths" + Suggestions.didYouMean(value, names)
            + "; expected " + String.join(" or ", names)));
    return name == null ? LocalDatasets.STORE : LocalDatasets.of(name).orElseThrow();
  }

  private NetworkConfig network(ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".network";
    ConfigNode.Mapping map = map(runConfig, parent, "network");
    if (map == null) {
      return NetworkConfig.NONE;
    }
    checkKeys(map, path, NETWORK_KEYS);
    String vpc = string(map, path, "vpc", Formats::vpc);
    List<HostAlias> aliases = new ArrayList<>();
    ConfigNode.Sequence list = sequence(map, path, "host_aliases");
    if (list != null) {
      for (int i = 0; i < list.items().size(); i++) {
        ConfigNode item = list.items().get(i);
        String itemPath = path + ".host_aliases[" + i + "]";
        if (!(item instanceof ConfigNode.Mapping alias)) {
          problems.add(new Problem(item.origin(), itemPath, "expected a map with ip and hostnames, got " + item.kindName()));
          continue;
        }
        checkKeys(alias, itemPath, HOST_ALIAS_KEYS);
        String ip = requiredString(alias, itemPath, "ip", alias.origin(), Formats::ipAddress);
        List<String> hostnames = stringList(alias, itemPath, "hostnames", Formats::hostname);
        if (hostnames != null && hostnames.isEmpty()) {
          problems.add(new Problem(originOf(alias, "hostnames", alias.origin()), itemPath + ".hostnames", "needs at least one host name"));
        } else if (hostnames == null && !present(alias, "hostnames")) {
          missing(alias.origin(), itemPath + ".hostnames");
        }
        if (ip != null && hostnames != null && !hostnames.isEmpty()) {
          aliases.add(new HostAlias(ip, hostnames));
        }
      }
    }
    return new NetworkConfig(vpc, aliases);
  }

  private Map<String, ResourceRequest> resources(ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".resources";
    Map<String, ResourceRequest> resources = new TreeMap<>();
    ConfigNode.Mapping map = map(runConfig, parent, "resources");
    if (map == null) {
      return resources;
    }
    map.entries().forEach((key, entry) -> {
      String entryPath = path + "." + key;
      ConfigNode.Mapping request = expectMap(entry, entryPath, "a map with cpu, memory or gpu");
      if (request == null) {
        return;
      }
      checkKeys(request, entryPath, RESOURCE_KEYS);
      String cpu = amount(request, entryPath, "cpu", Formats::cpu);
      String memory = amount(request, entryPath, "memory", Formats::memory);
      Long gpu = positive(request, entryPath, "gpu", "is not a positive number of GPUs");
      resources.put(key, new ResourceRequest(cpu, memory, gpu == null ? null : Math.toIntExact(gpu)));
    });
    return resources;
  }

  private Map<String, Map<String, String>> nodeSelectors(ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".node_selectors";
    Map<String, Map<String, String>> selectors = new TreeMap<>();
    ConfigNode.Mapping map = map(runConfig, parent, "node_selectors");
    if (map == null) {
      return selectors;
    }
    map.entries().forEach((key, entry) -> {
      String entryPath = path + "." + key;
      ConfigNode.Mapping labels = expectMap(entry, entryPath, "a map such as {" + Accelerators.GKE_ACCELERATOR_LABEL + ": NVIDIA_TESLA_T4}");
      if (labels == null) {
        return;
      }
      Map<String, String> values = new TreeMap<>();
      labels.entries().forEach((label, labelEntry) -> {
        String labelPath = entryPath + "." + label;
        if (!label.equals(Accelerators.GKE_ACCELERATOR_LABEL)) {
          problems.add(
              new Problem(
                  labelEntry.keyOrigin(), labelPath,
                  "unknown node selector label; Vertex AI supports only '" + Accelerators.GKE_ACCELERATOR_LABEL + "'"
                      + Suggestions.didYouMean(label, Set.of(Accelerators.GKE_ACCELERATOR_LABEL))));
          return;
        }
        String typed = scalarText(labelEntry, labelPath, "an accelerator type such as NVIDIA_TESLA_T4");
        if (typed == null) {
          return;
        }
        Optional<String> accelerator = Accelerators.canonical(typed);
        if (accelerator.isEmpty()) {
          String guess = typed.replace('-', '_').toUpperCase(Locale.ROOT);
          problems.add(
              new Problem(
                  labelEntry.keyOrigin(), labelPath,
                  "'" + typed + "' is not a Vertex AI accelerator type" + Suggestions.didYouMean(guess, Accelerators.all())
                      + " (valid: " + String.join(", ", Accelerators.all()) + ")"));
          return;
        }
        values.put(label, accelerator.get());
      });
      selectors.put(key, values);
    });
    return selectors;
  }

  private GroupingConfig grouping(ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".grouping";
    ConfigNode.Mapping map = map(runConfig, parent, "grouping");
    if (map == null) {
      return GroupingConfig.NONE;
    }
    checkKeys(map, path, GROUPING_KEYS);
    String cls = string(map, path, "cls", value -> GROUPING_CLASSES.contains(value)
        ? Optional.empty()
        : Optional.of("'" + value + "' is not a grouping strategy" + Suggestions.didYouMean(value, GROUPING_CLASSES)
            + "; expected " + GroupingConfig.IDENTITY + ", " + GroupingConfig.TAGS + " or " + GroupingConfig.AUTO));
    if (cls == null) {
      if (present(map, "cls")) {
        return GroupingConfig.NONE;
      }
      cls = GroupingConfig.IDENTITY;
    }
    String paramsPath = path + ".params";
    Map<String, Object> params = new TreeMap<>();
    ConfigNode.Mapping paramsMap = map(map, path, "params");
    if (paramsMap != null) {
      Set<String> allowed = switch (cls) {
        case GroupingConfig.TAGS -> Set.of("tag_prefix");
        case GroupingConfig.AUTO -> autoParams();
        default -> Set.of();
      };
      for (Map.Entry<String, ConfigNode.Entry> entry : paramsMap.entries().entrySet()) {
        String key = entry.getKey();
        if (!allowed.contains(key)) {
          problems.add(
              new Problem(
                  entry.getValue().keyOrigin(), paramsPath + "." + key,
                  autoParams().contains(key) && !key.equals("tag_prefix")
                      ? "only " + GroupingConfig.AUTO + " grouping takes it, but run_config.grouping.cls is "
                          + cls + "; set cls: " + GroupingConfig.AUTO + " or drop " + key
                      : allowed.isEmpty()
                          ? "unknown key; " + cls + " takes no params"
                          : unknownKeyMessage(key, allowed)));
        }
      }
      String prefix = string(paramsMap, paramsPath, "tag_prefix",
          value -> value.isEmpty() ? Optional.of("must not be empty") : Optional.empty());
      if (prefix != null && allowed.contains("tag_prefix")) {
        params.put("tag_prefix", prefix);
      }
      if (allowed.contains(GroupingConfig.NODE_TIMINGS_PARAM)) {
        String timings = string(paramsMap, paramsPath, GroupingConfig.NODE_TIMINGS_PARAM,
            value -> value.isBlank()
                ? Optional.of("expected the path of a timings.json written by vertexai:run-local, got an empty value")
                : Optional.empty());
        if (timings != null) {
          params.put(GroupingConfig.NODE_TIMINGS_PARAM, timings);
        }
      }
      for (String key : GroupingConfig.AUTO_SECONDS_PARAMS) {
        if (!allowed.contains(key)) {
          continue;
        }
        Double seconds = number(paramsMap, paramsPath, key);
        if (seconds != null && seconds < 0) {
          problem(paramsMap, paramsPath, key, "must not be negative");
        } else if (seconds != null) {
          params.put(key, seconds);
        }
      }
    }
    return new GroupingConfig(cls, params);
  }

  /** The params {@code auto} takes. */
  private static Set<String> autoParams() {
    Set<String> auto = new java.util.TreeSet<>(GroupingConfig.AUTO_SECONDS_PARAMS);
    auto.add("tag_prefix");
    auto.add(GroupingConfig.NODE_TIMINGS_PARAM);
    return auto;
  }

  private List<DynamicConfigProvider> dynamicConfigProviders(ConfigNode.Mapping runConfig, String parent) {
    String key = "dynamic_config_providers";
    ConfigNode.Sequence list = sequence(runConfig, parent, key);
    List<DynamicConfigProvider> providers = new ArrayList<>();
    if (list == null) {
      return providers;
    }
    for (int i = 0; i < list.items().size(); i++) {
      ConfigNode item = list.items().get(i);
      String itemPath = parent + "." + key + "[" + i + "]";
      if (!(item instanceof ConfigNode.Mapping provider)) {
        problems.add(new Problem(item.origin(), itemPath, "expected a map with cls and params, got " + item.kindName()));
        continue;
      }
      checkKeys(provider, itemPath, PROVIDER_KEYS);
      String cls = requiredString(provider, itemPath, "cls", provider.origin(), Formats::pythonClass);
      Map<String, Object> params = plainMap(provider, itemPath, "params");
      if (cls != null && params != null) {
        providers.add(new DynamicConfigProvider(cls, params));
      }
    }
    return providers;
  }

  private MlflowConfig mlflow(ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".mlflow";
    ConfigNode.Mapping map = map(runConfig, parent, "mlflow");
    if (map == null) {
      return MlflowConfig.NONE;
    }
    checkKeys(map, path, MLFLOW_KEYS);
    Boolean enabled = bool(map, path, "enabled");
    String provider = string(map, path, "request_header_provider", Formats::pythonClass);
    Map<String, Object> params = plainMap(map, path, "request_header_provider_params");
    if (params == null) {
      return new MlflowConfig(enabled, provider, Map.of());
    }
    String paramsPath = path + ".request_header_provider_params";
    String builtIn = provider == null ? null : MlflowConfig.BUILT_IN_PROVIDERS.get(provider);
    if (provider == null && !params.isEmpty()) {
      // Without a class, the params choose one of kedro-vertexai's two providers, so they are theirs exactly.
      builtIn = params.containsKey("service_account") ? MlflowConfig.IAM_PROVIDER : MlflowConfig.OAUTH_PROVIDER;
      Set<String> known = Set.of("client_id", "service_account");
      ConfigNode.Mapping paramsMap = (ConfigNode.Mapping) map.entries().get("request_header_provider_params").value();
      checkKeys(paramsMap, paramsPath, known);
    }
    if (builtIn != null) {
      for (String required : new java.util.TreeSet<>(MlflowConfig.requiredParams(builtIn))) {
        if (!params.containsKey(required)) {
          problems.add(new Problem(originOf(map, "request_header_provider_params", map.origin()), paramsPath + "." + required,
              "required key is missing: " + builtIn.substring(builtIn.lastIndexOf('.') + 1) + " needs "
                  + String.join(" and ", new java.util.TreeSet<>(MlflowConfig.requiredParams(builtIn)))));
        }
      }
    }
    if (Boolean.FALSE.equals(enabled) && (provider != null || !params.isEmpty())) {
      warn(map, path, "enabled", "is false, so the request header provider is not used");
    }
    return new MlflowConfig(enabled, provider, params);
  }

  /** A map of plain YAML values (scalars, lists, maps), or an empty map when absent; null when it is not a map. */
  private Map<String, Object> plainMap(ConfigNode.Mapping parent, String path, String key) {
    if (!present(parent, key)) {
      return Map.of();
    }
    ConfigNode.Mapping map = map(parent, path, key);
    if (map == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> plain = (Map<String, Object>) ConfigNode.toPlain(map);
    return plain;
  }

  private void legacy(ConfigNode.Mapping runConfig, String parent, String key) {
    if (present(runConfig, key)) {
      warn(runConfig, parent, key, "has no effect on Vertex AI (accepted for compatibility with kedro-vertexai); you can remove it");
    }
  }

  private Map<String, ScheduleConfig> schedules(ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".schedules";
    Map<String, ScheduleConfig> schedules = new TreeMap<>();
    ConfigNode.Mapping map = map(runConfig, parent, "schedules");
    if (map == null) {
      return schedules;
    }
    map.entries().forEach((name, entry) -> {
      String entryPath = path + "." + name;
      if (entry.value() instanceof ConfigNode.Scalar scalar && scalar.isNull()) {
        schedules.put(name, ScheduleConfig.DEFAULT);
        return;
      }
      ConfigNode.Mapping schedule = expectMap(entry, entryPath, "a map with cron_expression, timezone, ...");
      if (schedule != null) {
        schedules.put(name, schedule(schedule, entryPath));
      }
    });
    return schedules;
  }

  private ScheduleConfig schedule(ConfigNode.Mapping map, String path) {
    ScheduleConfig defaults = ScheduleConfig.DEFAULT;
    checkKeys(map, path, SCHEDULE_KEYS);
    // kedro-vertexai's own template writes 'none' for unset schedule fields; it means null there and here.
    ConfigNode.Mapping cleaned = withoutNone(map);
    String cron = string(cleaned, path, "cron_expression", Formats::cron);
    String timezone = string(cleaned, path, "timezone", Formats::timezone);
    OffsetDateTime start = time(cleaned, path, "start_time");
    OffsetDateTime end = time(cleaned, path, "end_time");
    if (start != null && end != null && !end.isAfter(start)) {
      problem(cleaned, path, "end_time", "must be after start_time");
    }
    Boolean allowQueueing = bool(cleaned, path, "allow_queueing");
    Long maxRunCount = positive(cleaned, path, "max_run_count", "must be a positive number");
    Long maxConcurrent = positive(cleaned, path, "max_concurrent_run_count", "must be a positive number");
    return new ScheduleConfig(
        cron == null ? defaults.cronExpression() : cron,
        timezone == null ? defaults.timezone() : timezone,
        start == null ? null : start.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        end == null ? null : end.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        allowQueueing == null ? defaults.allowQueueing() : allowQueueing,
        maxRunCount == null ? defaults.maxRunCount() : Integer.valueOf(Math.toIntExact(maxRunCount)),
        maxConcurrent == null ? defaults.maxConcurrentRunCount() : Math.toIntExact(maxConcurrent));
  }

  private static ConfigNode.Mapping withoutNone(ConfigNode.Mapping map) {
    Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
    map.entries().forEach((key, entry) -> {
      boolean none = entry.value() instanceof ConfigNode.Scalar scalar
          && scalar.value() instanceof String text
          && text.equalsIgnoreCase("none");
      entries.put(key, none ? new ConfigNode.Entry(entry.keyOrigin(), ConfigNode.Scalar.nullValue(entry.value().origin())) : entry);
    });
    return new ConfigNode.Mapping(entries, map.origin());
  }

  private OffsetDateTime time(ConfigNode.Mapping map, String path, String key) {
    String text = string(map, path, key, none());
    if (text == null) {
      return null;
    }
    Optional<OffsetDateTime> time = Formats.rfc3339(text);
    if (time.isEmpty()) {
      problem(map, path, key, "'" + text + "' is not an RFC 3339 time with an offset, e.g. 2025-01-31T06:00:00Z");
      return null;
    }
    return time.get();
  }

  /** A whole number from 1 to Integer.MAX_VALUE; {@code complaint} follows the value when it is out of range. */
  private Long positive(ConfigNode.Mapping map, String path, String key, String complaint) {
    Long value = integer(map, path, key);
    if (value != null && (value < 1 || value > Integer.MAX_VALUE)) {
      problem(map, path, key, "'" + value + "' " + complaint);
      return null;
    }
    return value;
  }

  private Map<String, PipelineParameter> parameters(ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".parameters";
    Map<String, PipelineParameter> parameters = new TreeMap<>();
    ConfigNode.Mapping map = map(runConfig, parent, "parameters");
    if (map == null) {
      return parameters;
    }
    Map<String, ParameterType> types = new TreeMap<>();
    for (ParameterType type : ParameterType.values()) {
      types.put(type.configName(), type);
    }
    map.entries().forEach((name, entry) -> {
      String entryPath = path + "." + name;
      Optional<String> badName = Formats.parameterName(name);
      if (badName.isPresent() || RESERVED_PARAMETERS.contains(name)) {
        problems.add(new Problem(entry.keyOrigin(), entryPath, badName.orElse("'" + name + "' is reserved for the plugin's own task inputs")));
        return;
      }
      ConfigNode.Mapping declaration = expectMap(entry, entryPath, "a map with type and an optional default");
      if (declaration == null) {
        return;
      }
      checkKeys(declaration, entryPath, PARAMETER_KEYS);
      String typeName = string(declaration, entryPath, "type", value -> types.containsKey(value)
          ? Optional.empty()
          : Optional.of("'" + value + "' is not a parameter type" + Suggestions.didYouMean(value, types.keySet())
              + "; expected one of " + String.join(", ", types.keySet())));
      if (typeName == null) {
        if (!present(declaration, "type")) {
          problems.add(new Problem(entry.keyOrigin(), entryPath + ".type",
              "required key is missing: one of " + String.join(", ", types.keySet())));
        }
        return;
      }
      ParameterType type = types.get(typeName);
      Object defaultValue = null;
      if (present(declaration, "default")) {
        ConfigNode.Entry defaultEntry = declaration.entries().get("default");
        Optional<Object> converted = ParameterValues.fromNode(type, defaultEntry.value());
        if (converted.isEmpty()) {
          problems.add(new Problem(defaultEntry.keyOrigin(), entryPath + ".default",
              "expected " + ParameterValues.describe(type) + ", got " + ParameterValues.shown(defaultEntry.value())));
          return;
        }
        defaultValue = converted.get();
      }
      parameters.put(name, new PipelineParameter(name, type, defaultValue));
    });
    return parameters;
  }

  private String encryptionKey(ConfigNode.Mapping runConfig, String parent, String region) {
    String key = string(runConfig, parent, "encryption_key", value -> Formats.kmsKeyLocation(value).isPresent()
        ? Optional.empty()
        : Optional.of(Formats.kmsKeyExpected(value)));
    if (key != null && region != null) {
      String location = Formats.kmsKeyLocation(key).orElseThrow();
      if (!location.equals(region)) {
        warn(runConfig, parent, "encryption_key",
            "the key is in location '" + location + "' but jobs run in region '" + region
                + "'; Vertex AI needs a key in the job's region");
      }
    }
    return key;
  }

  private Map<String, String> labels(ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".labels";
    Map<String, String> labels = new TreeMap<>();
    ConfigNode.Mapping map = map(runConfig, parent, "labels");
    if (map == null) {
      return labels;
    }
    if (map.entries().size() > Formats.MAX_LABELS) {
      problems.add(new Problem(originOf(runConfig, "labels", map.origin()), path,
          map.entries().size() + " labels; Vertex AI allows at most " + Formats.MAX_LABELS + " on a job"));
    }
    map.entries().forEach((key, entry) -> {
      String entryPath = path + "." + key;
      Optional<String> badKey = Formats.labelKey(key);
      if (badKey.isPresent()) {
        problems.add(new Problem(entry.keyOrigin(), entryPath, badKey.get()));
        return;
      }
      String value = scalarText(entry, entryPath, "a label value");
      if (value == null) {
        return;
      }
      Optional<String> badValue = Formats.labelValue(value);
      if (badValue.isPresent()) {
        problems.add(new Problem(entry.keyOrigin(), entryPath, badValue.get()));
        return;
      }
      labels.put(key, value);
    });
    return labels;
  }

  private ImageBuildConfig imageBuild(ConfigNode.Mapping runConfig, String parent, String image) {
    String path = parent + ".image_build";
    ConfigNode.Mapping map = map(runConfig, parent, "image_build");
    if (map == null) {
      return ImageBuildConfig.NONE;
    }
    checkKeys(map, path, IMAGE_BUILD_KEYS);
    String baseImage = requiredString(map, path, "base_image", map.origin(), Formats::image);
    String pythonVersion = string(map, path, "python_version", ImageBuildConfig::checkPythonVersion);
    if (baseImage != null && baseImage.equals(image)) {
      problem(map, path, "base_image", "is run_config.image itself: build on the image the project runs on, e.g."
          + " python:3.11-slim, not on the image this build pushes");
      return ImageBuildConfig.NONE;
    }
    return baseImage == null ? ImageBuildConfig.NONE : new ImageBuildConfig(baseImage, pythonVersion);
  }

  // ---- Typed access to keys. Each returns null when the key is absent, null, or wrong (with a problem). ----

  private void checkKeys(ConfigNode.Mapping map, String path, Set<String> allowed) {
    map.entries().forEach((key, entry) -> {
      if (!allowed.contains(key)) {
        problems.add(new Problem(entry.keyOrigin(), child(path, key), unknownKeyMessage(key, allowed)));
      }
    });
  }

  private static String unknownKeyMessage(String key, Set<String> allowed) {
    Optional<String> match = Suggestions.closest(key, allowed);
    return match
        .map(candidate -> "unknown key; did you mean '" + candidate + "'?")
        .orElseGet(() -> "unknown key; expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
  }

  private static boolean present(ConfigNode.Mapping map, String key) {
    ConfigNode.Entry entry = map.entries().get(key);
    return entry != null && !(entry.value() instanceof ConfigNode.Scalar scalar && scalar.isNull());
  }

  private static Origin originOf(ConfigNode.Mapping map, String key, Origin fallback) {
    ConfigNode.Entry entry = map.entries().get(key);
    return entry == null ? fallback : entry.keyOrigin();
  }

  private void missing(Origin where, String path) {
    String hint = ConfigProperties.parameterFor(path)
        .map(name -> " (set it in conf/base/vertexai.yml or with -Dvertexai." + name + "=...)")
        .orElse("");
    problems.add(new Problem(where, path, "required key is missing" + hint));
  }

  private void problem(ConfigNode.Mapping map, String path, String key, String message) {
    problems.add(new Problem(originOf(map, key, map.origin()), child(path, key), message));
  }

  private void warn(ConfigNode.Mapping map, String path, String key, String message) {
    warnings.add(new Problem(originOf(map, key, map.origin()), child(path, key), message).toString());
  }

  private static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private String wrongType(ConfigNode value, String expected) {
    String hint = value.origin().line() <= 0 && !(value instanceof ConfigNode.Scalar)
        ? " (values given with -D or in the POM are read as YAML: quote a value that contains ': ', '[' or '{')"
        : "";
    return "expected " + expected + ", got " + value.kindName() + hint;
  }

  private ConfigNode.Mapping map(ConfigNode.Mapping parent, String path, String key) {
    ConfigNode.Entry entry = parent.entries().get(key);
    return entry == null ? null : expectMap(entry, child(path, key), "a map");
  }

  private ConfigNode.Mapping expectMap(ConfigNode.Entry entry, String path, String expected) {
    if (entry.value() instanceof ConfigNode.Mapping mapping) {
      return mapping;
    }
    if (!(entry.value() instanceof ConfigNode.Scalar scalar && scalar.isNull() && expected.equals("a map"))) {
      problems.add(new Problem(entry.keyOrigin(), path, wrongType(entry.value(), expected)));
    }
    return null;
  }

  private ConfigNode.Sequence sequence(ConfigNode.Mapping parent, String path, String key) {
    if (!present(parent, key)) {
      return null;
    }
    ConfigNode.Entry entry = parent.entries().get(key);
    if (entry.value() instanceof ConfigNode.Sequence sequence) {
      return sequence;
    }
    problems.add(new Problem(entry.keyOrigin(), child(path, key), wrongType(entry.value(), "a list")));
    return null;
  }

  /** The text of a scalar; numbers and booleans count as written ({@code 2024}, {@code yes}). */
  private String scalarText(ConfigNode.Entry entry, String path, String expected) {
    if (entry.value() instanceof ConfigNode.Scalar scalar) {
      return scalar.isNull() ? null : scalar.text();
    }
    problems.add(new Problem(entry.keyOrigin(), path, wrongType(entry.value(), expected)));
    return null;
  }

  private static Function<String, Optional<String>> none() {
    return value -> Optional.empty();
  }

  private String string(ConfigNode.Mapping map, String path, String key, Function<String, Optional<String>> check) {
    ConfigNode.Entry entry = map.entries().get(key);
    if (entry == null) {
      return null;
    }
    String text = scalarText(entry, child(path, key), "a string");
    if (text == null) {
      return null;
    }
    Optional<String> problem = check.apply(text);
    if (problem.isPresent()) {
      problems.add(new Problem(entry.keyOrigin(), child(path, key), problem.get()));
      return null;
    }
    return text;
  }

  private String requiredString(
      ConfigNode.Mapping map, String path, String key, Origin where, Function<String, Optional<String>> check) {
    if (!present(map, key)) {
      missing(originOf(map, key, where), child(path, key));
      return null;
    }
    return string(map, path, key, check);
  }

  /** cpu and memory: a string or a plain number ({@code cpu: 2}), checked as text. */
  private String amount(ConfigNode.Mapping map, String path, String key, Function<String, Optional<String>> check) {
    ConfigNode.Entry entry = map.entries().get(key);
    if (entry != null && entry.value() instanceof ConfigNode.Scalar scalar && scalar.value() instanceof Boolean) {
      problems.add(new Problem(entry.keyOrigin(), child(path, key), "expected a string or a number, got a boolean"));
      return null;
    }
    return string(map, path, key, check);
  }

  private List<String> stringList(
      ConfigNode.Mapping map, String path, String key, Function<String, Optional<String>> check) {
    ConfigNode.Sequence sequence = sequence(map, path, key);
    if (sequence == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < sequence.items().size(); i++) {
      ConfigNode item = sequence.items().get(i);
      String itemPath = child(path, key) + "[" + i + "]";
      if (!(item instanceof ConfigNode.Scalar scalar) || scalar.isNull()) {
        problems.add(new Problem(item.origin(), itemPath, wrongType(item, "a string")));
        continue;
      }
      Optional<String> problem = check.apply(scalar.text());
      if (problem.isPresent()) {
        problems.add(new Problem(item.origin(), itemPath, problem.get()));
      } else {
        values.add(scalar.text());
      }
    }
    return values;
  }

  private Long integer(ConfigNode.Mapping map, String path, String key) {
    return (Long) typed(map, path, key, ParameterType.INT, "a whole number");
  }

  private Double number(ConfigNode.Mapping map, String path, String key) {
    return (Double) typed(map, path, key, ParameterType.FLOAT, "a number");
  }

  private Boolean bool(ConfigNode.Mapping map, String path, String key) {
    return (Boolean) typed(map, path, key, ParameterType.BOOL, "true or false");
  }

  /** The value of a key as {@code type}, by the same rules as parameter defaults. */
  private Object typed(ConfigNode.Mapping map, String path, String key, ParameterType type, String expected) {
    if (!present(map, key)) {
      return null;
    }
    ConfigNode.Entry entry = map.entries().get(key);
    Optional<Object> value = ParameterValues.fromNode(type, entry.value());
    if (value.isEmpty()) {
      problems.add(new Problem(entry.keyOrigin(), child(path, key),
          "expected " + expected + ", got " + ParameterValues.shown(entry.value())));
      return null;
    }
    return value.get();
  }
}
