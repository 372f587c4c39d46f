package dev.kedrovertexai.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kedrovertexai.core.config.ConfigOverride;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The order of overrides decides precedence: later entries win, so the command line must come last. */
class ConfigOverridesTest {

  private static CompileMojo mojo() {
    CompileMojo mojo = new CompileMojo();
    mojo.projectDir = new File("/project");
    mojo.outputDir = new File("/project/target/vertexai");
    mojo.pipeline = "__default__";
    return mojo;
  }

  private static List<String> describe(List<ConfigOverride> overrides) {
    return overrides.stream().map(o -> o.keyPath() + "=" + o.value() + " @ " + o.origin()).toList();
  }

  @Test
  void pomParametersComeBeforeTheCommandLine() {
    CompileMojo mojo = mojo();
    mojo.serviceAccount = "pom@p.iam.gserviceaccount.com";
    mojo.image = "gcr.io/p/image:pom";
    mojo.overrides = Map.of("run_config.resources.__default__.cpu", "1500m");
    Properties commandLine = new Properties();
    // Maven injects the -D value into the field too; the override must still be labelled as the command line.
    commandLine.setProperty("vertexai.image", "gcr.io/p/image:cli");
    mojo.image = "gcr.io/p/image:cli";
    commandLine.setProperty("vertexai.yml.run_config.resources.__default__.memory", "3Gi");

    assertEquals(
        List.of(
            "run_config.service_account=pom@p.iam.gserviceaccount.com @ POM <serviceAccount>",
            "run_config.resources.__default__.cpu=1500m @ POM <overrides><run_config.resources.__default__.cpu>",
            "run_config.image=gcr.io/p/image:cli @ -Dvertexai.image",
            "run_config.resources.__default__.memory=3Gi @ -Dvertexai.yml.run_config.resources.__default__.memory"),
        describe(mojo.configOverrides(commandLine)));
  }

  @Test
  void anEmptyPipelineDescriptionWhichMavenMakesTheProjectDirectoryMeansReadingWithPython() {
    CompileMojo mojo = mojo();
    mojo.pipelineDescription = new File("/project/saved.json");
    assertEquals(
        new File("/project/saved.json").toPath(), mojo.settings(Map.of(), new Properties()).savedDescription());
    mojo.pipelineDescription = new File("/project/");
    assertEquals(null, mojo.settings(Map.of(), new Properties()).savedDescription());
  }

  @Test
  void nodeTimingsSetTheGroupingKeyFromThePomOrTheCommandLine() {
    CompileMojo mojo = mojo();
    mojo.nodeTimings = "perf/timings.json";
    assertEquals(
        List.of("run_config.grouping.params.node_timings=perf/timings.json @ POM <nodeTimings>"),
        describe(mojo.configOverrides(new Properties())));

    Properties commandLine = new Properties();
    commandLine.setProperty("vertexai.nodeTimings", "target/vertexai/runs/j/timings.json");
    mojo.nodeTimings = "target/vertexai/runs/j/timings.json";
    assertEquals(
        List.of(
            "run_config.grouping.params.node_timings=target/vertexai/runs/j/timings.json @ -Dvertexai.nodeTimings"),
        describe(mojo.configOverrides(commandLine)));
  }

  @Test
  void unsetParametersAddNothing() {
    assertEquals(List.of(), mojo().configOverrides(new Properties()));
  }

  @Test
  void envDefaultsToKedroEnvThenLocal() {
    CompileMojo mojo = mojo();
    assertEquals("local", mojo.settings(Map.of(), new Properties()).env());
    ProjectSettings fromEnvironment = mojo.settings(Map.of("KEDRO_ENV", "staging"), new Properties());
    assertEquals("staging", fromEnvironment.env());
    mojo.env = "prod";
    assertEquals("prod", mojo.settings(Map.of("KEDRO_ENV", "staging"), new Properties()).env());
  }
}
