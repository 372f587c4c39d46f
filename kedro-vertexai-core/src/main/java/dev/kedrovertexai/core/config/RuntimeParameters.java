package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.util.Map;

/**
 * Values for declared pipeline parameters ({@code run_config.parameters}), as given on the command line or in
 * the POM, checked and converted to the declared types before anything is sent or run.
 */
public final class RuntimeParameters {
  private RuntimeParameters() {}

  /** Parses {@code key=value,key2=value2} (a value may be a JSON list or object). */
  public static Map<String, String> parseSpec(String spec, String source) throws KedroVertexAiException {
    throw new UnsupportedOperationException("TODO(config)");
  }

  /**
   * The final value of every declared parameter: the given value converted to the declared type, else the
   * default. An undeclared name, a wrong type or a missing required value is an error naming the parameter.
   * Values are String, Long, Double, Boolean, List or Map; the map is sorted by name.
   */
  public static Map<String, Object> resolve(
      Map<String, PipelineParameter> declared, Map<String, String> given, String source)
      throws KedroVertexAiException {
    throw new UnsupportedOperationException("TODO(config)");
  }
}
