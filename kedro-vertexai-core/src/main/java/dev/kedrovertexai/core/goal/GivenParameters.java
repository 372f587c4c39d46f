package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.config.RuntimeParameters;
import dev.kedrovertexai.core.config.VertexAiConfig;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values of the pipeline parameters declared under {@code run_config.parameters}, as given: in the build file, and
 * as one {@code name=value,name2=value2} text on the command line, which wins name by name.
 *
 * @param configured the values of the build file ({@code <params><epochs>5</epochs></params>})
 * @param spec the command line's text ({@code -Dvertexai.params}), or null
 */
public record GivenParameters(Map<String, String> configured, String spec) {
  public static final GivenParameters NONE = new GivenParameters(Map.of(), null);

  public GivenParameters {
    configured = configured == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(configured));
  }

  /** The given values by name, parsed but not yet checked against the declarations. */
  public Map<String, String> parse() throws KedroVertexAiException {
    Map<String, String> given = new TreeMap<>(configured);
    given.putAll(RuntimeParameters.parseSpec(spec, "{param:params}"));
    return given;
  }

  /** The final value of every declared pipeline parameter, checked before anything is sent or run. */
  public static Map<String, ParameterValue> resolve(VertexAiConfig config, Map<String, String> given)
      throws KedroVertexAiException {
    return RuntimeParameters.resolve(config.runConfig().parameters(), given, "{param:params} or {setting:params}");
  }
}
