package dev.kedrovertexai.core.config;

import java.util.Objects;

/**
 * A runtime parameter declared under {@code run_config.parameters}: compiled as a root input of the spec and
 * handed to Kedro as a runtime param ({@code --params}). {@code defaultValue} is of {@code type}, or null when
 * the parameter is required.
 */
public record PipelineParameter(String name, ParameterType type, ParameterValue defaultValue) {
  public PipelineParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (defaultValue != null && defaultValue.type() != type) {
      throw new IllegalArgumentException(
          "default of parameter " + name + " is " + defaultValue + ", not of type " + type.configName());
    }
  }
}
