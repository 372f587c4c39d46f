package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.Origin;
import java.util.Objects;

/**
 * One override of a {@code vertexai.yml} key from outside the file: {@code keyPath} is dotted
 * ({@code run_config.resources.__default__.cpu}), {@code value} is as the user typed it (parsed as a YAML value).
 */
public record ConfigOverride(String keyPath, String value, Origin origin) {
  public ConfigOverride {
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(origin, "origin");
  }
}
