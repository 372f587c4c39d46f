package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kedrovertexai.core.Origin;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run_config.image_build}: its keys, their rules, and the {@code vertexai.baseImage} property. */
class ImageBuildConfigTest {
  private static final String AT = "conf/base/vertexai.yml:";

  @TempDir Path projectDir;
  ConfigFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ConfigFixture(projectDir);
  }

  @Test
  void withoutTheKeyNoImageIsBuilt() throws Exception {
    ImageBuildConfig build = fixture.base(ConfigFixture.VALID_BASE).load().runConfig().imageBuild();

    assertEquals(ImageBuildConfig.NONE, build);
    assertFalse(build.enabled());
  }

  @Test
  void readsTheBaseImageAndPythonVersionAsWritten() throws Exception {
    ImageBuildConfig build =
        fixture.baseWith("image_build:\n  base_image: python:3.10-slim\n  python_version: 3.10\n").load().runConfig().imageBuild();

    // Unquoted, 3.10 is the YAML number 3.1; the version is taken as written.
    assertEquals(new ImageBuildConfig("python:3.10-slim", "3.10"), build);
  }

  @Test
  void theBaseImagePropertySetsTheKey() throws Exception {
    ImageBuildConfig build =
        fixture
            .base(ConfigFixture.VALID_BASE)
            .load(
                "local",
                List.of(
                    new ConfigOverride(
                        ConfigProperties.keyPath("baseImage"), "europe-docker.pkg.dev/p/base/python:3.11",
                        Origin.of("-Dvertexai.baseImage"))))
            .runConfig()
            .imageBuild();

    assertEquals(new ImageBuildConfig("europe-docker.pkg.dev/p/base/python:3.11", null), build);
  }

  @Test
  void everyMistakeIsReportedAtItsKey() {
    List<String> problems =
        fixture
            .baseWith(
                """
                image_build:
                  base_imag: python:3.11-slim
                  python_version: "2.7"
                """)
            .problems();

    assertEquals(
        List.of(
            AT + "7:5: run_config.image_build.base_imag: unknown key; did you mean 'base_image'?",
            AT + "7:5: run_config.image_build.base_image: required key is missing (set it in conf/base/vertexai.yml or"
                + " with -Dvertexai.baseImage=...)",
            AT + "8:5: run_config.image_build.python_version: '2.7' is not a Python 3 version; expected e.g. '3.11' or"
                + " '3.11.9' (quoted)"),
        problems);
  }

  @Test
  void theBaseImageMustBeAnImageReferenceOtherThanTheImageBuilt() {
    assertEquals(
        List.of(
            AT + "6:17: run_config.image_build.base_image: 'Python 3.11' is not a valid container image reference (it"
                + " contains white space); expected e.g. europe-west4-docker.pkg.dev/my-project/my-repo/my-image:tag"
                + " (repository paths are lower case)"),
        fixture.baseWith("image_build: {base_image: Python 3.11}").problems());
    assertEquals(
        List.of(
            AT + "6:17: run_config.image_build.base_image: is run_config.image itself: build on the image the project"
                + " runs on, e.g. python:3.11-slim, not on the image this build pushes"),
        fixture.baseWith("image_build: {base_image: gcr.io/my-project/app:1}").problems());
  }
}
