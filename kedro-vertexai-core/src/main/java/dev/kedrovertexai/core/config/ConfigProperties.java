package dev.kedrovertexai.core.config;

/** Names of the {@code vertexai.*} properties that set {@code vertexai.yml} keys. */
public final class ConfigProperties {
  /** {@code -Dvertexai.yml.<dotted key path>=value} overrides any key. */
  public static final String PREFIX = "vertexai.yml.";

  private ConfigProperties() {}

  /** The key path a named parameter ({@code projectId}, {@code image}, ...) sets. */
  public static String keyPath(String parameterName) {
    throw new UnsupportedOperationException("TODO(config)");
  }
}
