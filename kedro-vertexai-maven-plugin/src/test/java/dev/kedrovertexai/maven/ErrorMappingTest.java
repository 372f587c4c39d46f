package dev.kedrovertexai.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kedrovertexai.core.EventLog;
import io.grpc.Status;
import java.io.File;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user mistake, or what files or the network cause, becomes one MojoFailureException with one message; a bug keeps
 * its trace; skip does nothing at all.
 */
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

  /** A compile whose core call fails with {@code failure}, as a Google client or a file listing would. */
  private CompileMojo failingWith(RuntimeException failure) {
    CompileMojo mojo =
        new CompileMojo() {
          @Override
          void run(EventLog log) {
            throw failure;
          }
        };
    mojo.projectDir = project.toFile();
    mojo.outputDir = project.resolve("target/vertexai").toFile();
    mojo.pipeline = "__default__";
    mojo.env = "local";
    return mojo;
  }

  @Test
  void whatFilesOrTheNetworkCauseIsOneMessage() {
    for (RuntimeException failure :
        List.of(
            new UncheckedIOException(new NoSuchFileException("/p/conf/base/catalog.yml")),
            new UncheckedIOException(new UnknownHostException("europe-west4-aiplatform.googleapis.com")),
            Status.UNAVAILABLE.withDescription("io exception").asRuntimeException())) {
      MojoFailureException mapped = assertThrows(MojoFailureException.class, () -> failingWith(failure).execute());
      assertTrue(mapped.getMessage().startsWith("vertexai:compile failed: "), mapped.getMessage());
      assertEquals(1, mapped.getMessage().lines().count(), mapped.getMessage());
    }
  }

  @Test
  void aBugKeepsItsTrace() {
    IllegalStateException bug = new IllegalStateException("broken invariant");
    assertSame(bug, assertThrows(IllegalStateException.class, () -> failingWith(bug).execute()));
  }

  @Test
  void skipRunsNothing() throws Exception {
    CompileMojo mojo = mojo();
    mojo.skip = true;
    mojo.execute();
    assertFalse(Files.exists(project.resolve("target")));
  }
}
