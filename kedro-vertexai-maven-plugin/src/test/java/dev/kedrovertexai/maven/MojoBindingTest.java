package dev.kedrovertexai.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/**
 * How Maven binds the goals' parameters from the POM's configuration and their defaults, through the plugin's real
 * descriptor. The {@code -D} property of each parameter is checked on the descriptor by {@link PluginDescriptorTest}
 * and through {@code mvn} by the integration tests.
 */
@MojoTest
class MojoBindingTest {
  @Test
  @InjectMojo(goal = "compile", pom = "classpath:/unit/compile/pom.xml")
  void compileTakesThePomConfiguration(CompileMojo mojo) {
    assertEquals("prod", mojo.env);
    assertEquals("training", mojo.pipeline);
    assertEquals("europe-docker.pkg.dev/p/r/image:pom", mojo.image);
    assertEquals(Map.of("run_config.resources.__default__.cpu", "2"), mojo.overrides);
    assertEquals(Map.of("epochs", "5"), mojo.params);
    assertFalse(mojo.skip);
    assertNull(mojo.python);
  }

  @Test
  @InjectMojo(goal = "list-pipelines", pom = "classpath:/unit/defaults/pom.xml")
  void withoutConfigurationTheDocumentedDefaultsApply(ListPipelinesMojo mojo) {
    assertEquals("__default__", mojo.pipeline);
    assertEquals(20, mojo.limit);
    assertTrue(
        mojo.outputDir.toPath().endsWith(Path.of("target", "vertexai")), "under the build directory: " + mojo.outputDir);
    assertFalse(mojo.skip);
    assertNull(mojo.endpoint);
    assertNull(mojo.env);
  }

  @Test
  @InjectMojo(goal = "run-local", pom = "classpath:/unit/defaults/pom.xml")
  void runLocalHasNoParallelismUnlessGiven(RunLocalMojo mojo) {
    assertNull(mojo.parallelism, "the core then takes one task per core");
    assertNull(mojo.storageRoot);
    assertTrue(mojo.isolateTasks, "each task in its own copy of the project");
    assertTrue(mojo.forkServer, "tasks forked from one warm Python");
  }

  @Test
  @InjectMojo(goal = "run-local", pom = "classpath:/unit/compile/pom.xml")
  @MojoParameter(name = "skip", value = "true")
  void runLocalBindsItsOwnParameterAndSkip(RunLocalMojo mojo) {
    assertEquals(3, mojo.parallelism);
    assertFalse(mojo.isolateTasks);
    assertFalse(mojo.forkServer);
    assertEquals(true, mojo.skip);
  }

  @Test
  @InjectMojo(goal = "upload", pom = "classpath:/unit/upload/pom.xml")
  void uploadTakesItsRepositoryAndIdentityFromThePom(UploadMojo mojo) {
    assertEquals("https://europe-west4-kfp.pkg.dev/my-project/kedro-pipelines", mojo.templateRepository);
    assertEquals("deployer@my-project.iam.gserviceaccount.com", mojo.impersonateServiceAccount);
    assertFalse(mojo.skip);
    assertNull(mojo.tokens, "Application Default Credentials unless a test gives its own");
  }

  @Test
  @InjectMojo(goal = "upload", pom = "classpath:/unit/defaults/pom.xml")
  void uploadWithoutConfigurationHasNoRepository(UploadMojo mojo) {
    assertNull(mojo.templateRepository);
    assertNull(mojo.impersonateServiceAccount);
    assertTrue(
        mojo.outputDir.toPath().endsWith(Path.of("target", "vertexai")), "under the build directory: " + mojo.outputDir);
  }
}
