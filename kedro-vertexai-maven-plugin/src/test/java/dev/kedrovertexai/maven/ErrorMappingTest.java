package dev.kedrovertexai.maven;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user mistake becomes one MojoFailureException carrying the core's message; skip does nothing at all. */
class ErrorMappingTest {
  @TempDir Path project;

  private CompileMojo mojo() {
    CompileMojo mojo = new CompileMojo();
    mojo.projectDir = project.toFile();
    mojo.outputDir = project.resolve("target/vertexai").toFile();
    mojo.pipeline = "__default__";
    mojo.env = "local";
    return mojo;
  }

  @Test
  void aMissingConfigFailsTheBuildWithTheFix() {
    MojoFailureException failure = assertThrows(MojoFailureException.class, () -> mojo().execute());
    assertTrue(failure.getMessage().contains("conf/base/vertexai.yml"), failure.getMessage());
    assertTrue(failure.getMessage().contains("mvn vertexai:init"), failure.getMessage());
    assertFalse(Files.exists(project.resolve("target/vertexai")), "nothing is written on failure");
  }

  @Test
  void aMissingSavedDescriptionIsNamed() throws Exception {
    Files.createDirectories(project.resolve("conf/base"));
    Files.writeString(
        project.resolve("conf/base/vertexai.yml"),
        "project_id: my-project\nregion: europe-west4\nrun_config:\n"
            + "  image: europe-docker.pkg.dev/my-project/images/tiny:1\n  root: my-bucket/tiny\n");
    CompileMojo mojo = mojo();
    mojo.pipelineDescription = new File(project.toFile(), "missing.json");
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("missing.json"), failure.getMessage());
  }

  @Test
  void skipRunsNothing() throws Exception {
    CompileMojo mojo = mojo();
    mojo.skip = true;
    mojo.execute();
    assertFalse(Files.exists(project.resolve("target")));
  }
}
