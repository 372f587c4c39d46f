package dev.kedrovertexai.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of {@code run_config.dynamic_config_providers}: a Python class in the image that writes a config file
 * before each task's Kedro session starts (kedro-vertexai's {@code DynamicConfigProvider} interface).
 *
 * @param cls the class by its dotted name, e.g. {@code my_package.auth.TokenProvider}
 * @param params keyword arguments of its constructor, as plain YAML values
 */
public record DynamicConfigProvider(String cls, Map<String, Object> params) {
  public DynamicConfigProvider {
    Objects.requireNonNull(cls, "cls");
    params = params == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(params));
  }
}
