package dev.kedrovertexai.core.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Names of the {@code vertexai.*} properties that set {@code vertexai.yml} keys. */
public final class ConfigProperties {
  /** {@code -Dvertexai.yml.<dotted key path>=value} overrides any key. */
  public static final String PREFIX = "vertexai.yml.";

  /** Named parameters (as {@code -Dvertexai.<name>} and POM elements) and the key each one sets. */
  private static final Map<String, String> KEY_PATHS = keyPaths();

  private ConfigProperties() {}

  private static Map<String, String> keyPaths() {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("projectId", "project_id");
    paths.put("region", "region");
    paths.put("image", "run_config.image");
    paths.put("root", "run_config.root");
    paths.put("experimentName", "run_config.experiment_name");
    paths.put("experimentDescription", "run_config.experiment_description");
    paths.put("serviceAccount", "run_config.service_account");
    paths.put("network", "run_config.network.vpc");
    paths.put("description", "run_config.description");
    paths.put("nodeTimings", GroupingConfig.NODE_TIMINGS_KEY);
    paths.put("baseImage", "run_config.image_build.base_image");
    return paths;
  }

  /** The key path a named parameter ({@code projectId}, {@code image}, ...) sets. */
  public static String keyPath(String parameterName) {
    String path = KEY_PATHS.get(parameterName);
    if (path == null) {
      throw new IllegalArgumentException(
          "No vertexai.yml key for parameter '" + parameterName + "'; known: " + String.join(", ", KEY_PATHS.keySet()));
    }
    return path;
  }

  /** The named parameter that sets {@code keyPath}, if any: {@code run_config.image -> image}. */
  public static Optional<String> parameterFor(String keyPath) {
    return KEY_PATHS.entrySet().stream()
        .filter(entry -> entry.getValue().equals(keyPath))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Every named parameter, in documentation order. */
  public static Map<String, String> all() {
    return java.util.Collections.unmodifiableMap(KEY_PATHS);
  }
}
