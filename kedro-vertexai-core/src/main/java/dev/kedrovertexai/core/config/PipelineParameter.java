package dev.kedrovertexai.core.config;

import java.util.Objects;

/**
 * A runtime parameter declared under {@code run_config.parameters}: compiled as a root input of the spec and
 * handed to Kedro as a runtime param ({@code --params}). {@code defaultValue} is already of the Java type
 * matching {@code type} (String, Long, Double, Boolean, List, Map), or null when the parameter is required.
 */
public record PipelineParameter(String name, ParameterType type, Object defaultValue) {
  public PipelineParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
