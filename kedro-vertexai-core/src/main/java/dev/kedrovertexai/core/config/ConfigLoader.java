package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads, merges, interpolates and validates {@code vertexai.yml}. */
public final class ConfigLoader {
  public ConfigLoader(Map<String, String> environment, EventLog log) {}

  /** kedro-vertexai's default env: {@code KEDRO_ENV}, else {@code local}. */
  public static String defaultEnv(Map<String, String> environment) {
    throw new UnsupportedOperationException("TODO(config)");
  }

  public VertexAiConfig load(Path projectDir, String env, List<ConfigOverride> overrides)
      throws KedroVertexAiException {
    throw new UnsupportedOperationException("TODO(config)");
  }
}
