package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Origin;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole validated {@code vertexai.yml} after merging {@code conf/base}, {@code conf/<env>}, POM and
 * command-line overrides. {@code env} is the Kedro env the config was loaded for and that every task runs with.
 * {@code origins} maps dotted key paths ({@code run_config.resources.train_model}) to where their final value
 * came from, so later stages can point at the line that caused a problem.
 */
public record VertexAiConfig(
    String projectId, String region, String env, RunConfig runConfig, Map<String, Origin> origins) {

  public VertexAiConfig {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(runConfig, "runConfig");
    origins = Collections.unmodifiableMap(new TreeMap<>(origins));
  }

  /**
   * Where {@code keyPath} (or its nearest enclosing key) was set, else the config file in general: the place a
   * problem with that key is reported at.
   */
  public Origin originOf(String keyPath) {
    return origin(keyPath).orElse(Origin.of("vertexai.yml"));
  }

  /** Where {@code keyPath} was set, or the nearest enclosing key that has an origin. */
  public Optional<Origin> origin(String keyPath) {
    String path = keyPath;
    while (true) {
      Origin origin = origins.get(path);
      if (origin != null) {
        return Optional.of(origin);
      }
      int dot = path.lastIndexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      path = path.substring(0, dot);
    }
  }
}
