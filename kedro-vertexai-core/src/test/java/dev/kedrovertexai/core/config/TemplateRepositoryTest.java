package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.Origin;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run_config.template_repository}: its two forms, what they resolve to, and the problems of the others. */
class TemplateRepositoryTest {
  @TempDir Path projectDir;

  @Test
  void aBareNameIsARepositoryOfTheConfiguredProjectAndRegion() throws Exception {
    VertexAiConfig config =
        new ConfigFixture(projectDir).baseWith("template_repository: kedro-pipelines").load();

    assertEquals("kedro-pipelines", config.runConfig().templateRepository());
    TemplateRepository repository = TemplateRepository.of(config);
    assertEquals("https://europe-west4-kfp.pkg.dev/my-project/kedro-pipelines", repository.url());
    assertEquals("my-project", repository.project());
    assertEquals("europe-west4", repository.location());
    assertEquals("kedro-pipelines", repository.repository());
    assertFalse(repository.local());
  }

  @Test
  void aUrlNamesItsOwnProjectAndRegionAndLosesATrailingSlash() {
    TemplateRepository repository =
        TemplateRepository.resolve("https://us-central1-kfp.pkg.dev/shared-project/templates/", "my-project", "europe-west4");

    assertEquals("https://us-central1-kfp.pkg.dev/shared-project/templates", repository.url());
    assertEquals("shared-project", repository.project());
    assertEquals("us-central1", repository.location());
    assertEquals("templates", repository.repository());
  }

  @Test
  void aLoopbackUrlOnPlainHttpIsALocalRegistry() {
    TemplateRepository repository =
        TemplateRepository.resolve("http://127.0.0.1:8123/my-project/kedro", "my-project", "europe-west4");

    assertEquals("http://127.0.0.1:8123/my-project/kedro", repository.url());
    assertEquals("kedro", repository.repository());
    assertTrue(repository.local());
  }

  @Test
  void withoutTheKeyThereIsNoRepository() throws Exception {
    VertexAiConfig config = new ConfigFixture(projectDir).baseWith("").load();

    assertNull(config.runConfig().templateRepository());
    assertNull(TemplateRepository.of(config));
  }

  @Test
  void otherFormsAreProblemsNamingFileKeyAndTheExpectedForms() {
    String expected = "; " + TemplateRepository.EXPECTED;
    assertEquals(
        List.of(
            "conf/base/vertexai.yml:6:3: run_config.template_repository: 'https://europe-west4-docker.pkg.dev/my-project/images'"
                + " is not a pipeline template repository (a Docker repository holds images, not pipeline templates:"
                + " create one with --repository-format=kfp)" + expected),
        new ConfigFixture(projectDir)
            .baseWith("template_repository: https://europe-west4-docker.pkg.dev/my-project/images")
            .problems());
    assertEquals(
        List.of(
            "conf/base/vertexai.yml:6:3: run_config.template_repository: 'Kedro_Pipelines' is not a pipeline template"
                + " repository" + expected),
        new ConfigFixture(projectDir).baseWith("template_repository: Kedro_Pipelines").problems());
    assertEquals(
        List.of(
            "conf/base/vertexai.yml:6:3: run_config.template_repository: 'http://registry.example.com/p/kedro' is not a"
                + " pipeline template repository (plain HTTP only for a local registry on 127.0.0.1 or localhost)"
                + expected),
        new ConfigFixture(projectDir).baseWith("template_repository: http://registry.example.com/p/kedro").problems());
  }

  @Test
  void theNamedParameterSetsTheKey() throws Exception {
    VertexAiConfig config =
        new ConfigFixture(projectDir)
            .baseWith("")
            .load(
                "local",
                List.of(
                    new ConfigOverride(
                        ConfigProperties.keyPath("templateRepository"),
                        "https://europe-west4-kfp.pkg.dev/my-project/from-cli",
                        Origin.of("{param:templateRepository}"))));

    assertEquals("https://europe-west4-kfp.pkg.dev/my-project/from-cli", TemplateRepository.of(config).url());
    assertEquals("{param:templateRepository}", config.originOf("run_config.template_repository").toString());
  }
}
