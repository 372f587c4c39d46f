package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code run_config.dynamic_config_providers} and {@code run_config.mlflow}: what runs around the nodes of every
 * task.
 */
final class TrackingSection {
  private TrackingSection() {}

  static List<DynamicConfigProvider> dynamicConfigProviders(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    String key = "dynamic_config_providers";
    ConfigNode.Sequence list = in.sequence(runConfig, parent, key);
    List<DynamicConfigProvider> providers = new ArrayList<>();
    if (list == null) {
      return providers;
    }
    for (int i = 0; i < list.items().size(); i++) {
      ConfigNode item = list.items().get(i);
      String itemPath = parent + "." + key + "[" + i + "]";
      if (!(item instanceof ConfigNode.Mapping provider)) {
        in.problems.add(new Problem(item.origin(), itemPath, "expected a map with cls and params, got " + item.kindName()));
        continue;
      }
      in.checkKeys(provider, itemPath, ConfigSchema.PROVIDER_KEYS);
      String cls = in.requiredString(provider, itemPath, "cls", provider.origin(), Formats::pythonClass);
      Map<String, Object> params = in.plainMap(provider, itemPath, "params");
      if (cls != null && params != null) {
        providers.add(new DynamicConfigProvider(cls, params));
      }
    }
    return providers;
  }

  static MlflowConfig mlflow(ConfigReader in, ConfigNode.Mapping runConfig, String parent) {
    String path = parent + ".mlflow";
    ConfigNode.Mapping map = in.map(runConfig, parent, "mlflow");
    if (map == null) {
      return MlflowConfig.NONE;
    }
    in.checkKeys(map, path, ConfigSchema.MLFLOW_KEYS);
    Boolean enabled = in.bool(map, path, "enabled");
    String provider = in.string(map, path, "request_header_provider", Formats::pythonClass);
    Map<String, Object> params = in.plainMap(map, path, "request_header_provider_params");
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
      in.checkKeys(paramsMap, paramsPath, known);
    }
    if (builtIn != null) {
      for (String required : new TreeSet<>(MlflowConfig.requiredParams(builtIn))) {
        if (!params.containsKey(required)) {
          in.problems.add(new Problem(in.originOf(map, "request_header_provider_params", map.origin()), paramsPath + "." + required,
              "required key is missing: " + builtIn.substring(builtIn.lastIndexOf('.') + 1) + " needs "
                  + String.join(" and ", new TreeSet<>(MlflowConfig.requiredParams(builtIn)))));
        }
      }
    }
    if (Boolean.FALSE.equals(enabled) && (provider != null || !params.isEmpty())) {
      in.warn(map, path, "enabled", "is false, so the request header provider is not used");
    }
    return new MlflowConfig(enabled, provider, params);
  }
}
