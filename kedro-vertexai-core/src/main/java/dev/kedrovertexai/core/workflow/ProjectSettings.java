package dev.kedrovertexai.core.workflow;

import dev.kedrovertexai.core.config.ConfigOverride;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every goal needs to know about the Kedro project it works on, as a front end (the Maven plugin, a CLI)
 * collected it.
 *
 * @param projectDir the Kedro project root (holds {@code conf/} and {@code pyproject.toml})
 * @param outputDir where compiled files go ({@code target/vertexai})
 * @param env the Kedro env: selects {@code conf/<env>/vertexai.yml} and is the env every task runs with
 * @param pipeline the registered Kedro pipeline to compile
 * @param python the interpreter that can import the project, or null to locate one
 * @param savedDescription a saved pipeline description to use instead of running Python, or null
 * @param overrides config overrides, lowest precedence first
 * @param environment the process environment ({@code ${oc.env:...}}, {@code KEDRO_PYTHON}, ...)
 */
public record ProjectSettings(
    Path projectDir,
    Path outputDir,
    String env,
    String pipeline,
    String python,
    Path savedDescription,
    List<ConfigOverride> overrides,
    Map<String, String> environment) {

  public ProjectSettings {
    Objects.requireNonNull(projectDir, "projectDir");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(pipeline, "pipeline");
    overrides = List.copyOf(overrides);
    environment = Map.copyOf(environment);
  }
}
