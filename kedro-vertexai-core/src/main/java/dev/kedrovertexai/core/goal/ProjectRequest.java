package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.config.ConfigLoader;
import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.config.ConfigProperties;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The Kedro project a goal works on and the config values given for it, as the front end read them.
 *
 * @param projectDir the Kedro project root (holds {@code conf/} and {@code pyproject.toml})
 * @param outputDir where compiled files go ({@code target/vertexai})
 * @param env the Kedro env, or null for {@code KEDRO_ENV}, else {@code local}
 * @param pipeline the registered Kedro pipeline
 * @param python the interpreter that can import the project, or null to locate one
 * @param savedDescription a saved pipeline description to use instead of running Python, or null
 * @param parameters the named config parameters ({@link ConfigProperties#all()}: {@code projectId}, {@code image},
 *     ...) as configured in the build file; a null value is unset
 * @param keyOverrides {@code vertexai.yml} values by dotted key path, as configured in the build file
 * @param commandLine the command-line properties ({@code vertexai.image}, {@code vertexai.yml.<key path>}, ...),
 *     which win over the build file's values
 * @param environment the process environment ({@code KEDRO_ENV}, {@code ${oc.env:...}}, {@code KEDRO_PYTHON}, ...)
 */
public record ProjectRequest(
    Path projectDir,
    Path outputDir,
    String env,
    String pipeline,
    String python,
    Path savedDescription,
    Map<String, String> parameters,
    Map<String, String> keyOverrides,
    Map<String, String> commandLine,
    Map<String, String> environment) {

  public ProjectRequest {
    Objects.requireNonNull(projectDir, "projectDir");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(pipeline, "pipeline");
    parameters = copy(parameters);
    // A null value is kept: it overrides the key with null, as an empty element of the build file does.
    keyOverrides = keyOverrides == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(keyOverrides));
    commandLine = copy(commandLine);
    environment = copy(environment);
  }

  /** A project with no config values given: the config files as they are. */
  public static ProjectRequest of(Path projectDir, Path outputDir, String env, String pipeline) {
    return new ProjectRequest(projectDir, outputDir, env, pipeline, null, null, null, null, null, Map.of());
  }

  /** This request, compiling from the saved description {@code description} instead of running Python. */
  public ProjectRequest withSavedDescription(Path description) {
    return new ProjectRequest(
        projectDir, outputDir, env, pipeline, python, description, parameters, keyOverrides, commandLine, environment);
  }

  /** The settings every goal works with: the env chosen, the overrides in their order of precedence. */
  public ProjectSettings settings() {
    String resolvedEnv = env != null && !env.isBlank() ? env : ConfigLoader.defaultEnv(environment);
    return new ProjectSettings(
        projectDir, outputDir, resolvedEnv, pipeline, python, savedDescription, overrides(), environment);
  }

  /** The build file's values first, then the command line, so that later entries win. */
  public List<ConfigOverride> overrides() {
    List<ConfigOverride> result = new ArrayList<>();
    for (String name : ConfigProperties.all().keySet()) {
      String property = ConfigProperties.PROPERTY_PREFIX + name;
      String value = parameters.get(name);
      // A build tool may inject a command-line value into the parameter too: it is added below with its true
      // origin.
      if (value != null && !commandLine.containsKey(property)) {
        result.add(new ConfigOverride(ConfigProperties.keyPath(name), value, Origin.of("{setting:" + name + "}")));
      }
    }
    for (Map.Entry<String, String> entry : keyOverrides.entrySet()) {
      Origin origin = Origin.of("{setting:overrides/" + entry.getKey() + "}");
      result.add(new ConfigOverride(entry.getKey(), entry.getValue(), origin));
    }
    for (String name : ConfigProperties.all().keySet()) {
      String property = ConfigProperties.PROPERTY_PREFIX + name;
      String value = commandLine.get(property);
      if (value != null) {
        result.add(new ConfigOverride(ConfigProperties.keyPath(name), value, Origin.of("{param:" + name + "}")));
      }
    }
    for (Map.Entry<String, String> entry : new TreeMap<>(commandLine).entrySet()) {
      if (entry.getKey().startsWith(ConfigProperties.PREFIX)) {
        result.add(
            new ConfigOverride(
                entry.getKey().substring(ConfigProperties.PREFIX.length()),
                entry.getValue(),
                Origin.of("{param:" + entry.getKey().substring(ConfigProperties.PROPERTY_PREFIX.length()) + "}")));
      }
    }
    return result;
  }

  /** Unset values are dropped, so that a map with nulls in it (as a build tool binds them) can be handed over. */
  private static Map<String, String> copy(Map<String, String> values) {
    Map<String, String> copy = new LinkedHashMap<>();
    if (values != null) {
      values.forEach((key, value) -> {
        if (value != null) {
          copy.put(key, value);
        }
      });
    }
    return Collections.unmodifiableMap(copy);
  }
}
