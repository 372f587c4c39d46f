package dev.kedrovertexai.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;

/**
 * The small Kedro project the Mojo tests run goals on: its saved pipeline description, a {@code vertexai.yml} when
 * asked for, and the Maven project that the goals of one build share.
 */
final class GoalTestProject {
  static final String IMAGE = "europe-west4-docker.pkg.dev/my-project/kedro/tiny:1";

  final Path dir;
  final MavenProject maven = new MavenProject();

  GoalTestProject(Path dir) throws IOException {
    this.dir = dir;
    Files.copy(Path.of("../src/it/_fixtures/pipeline-description.json"), dir.resolve("pipeline-description.json"));
    maven.setVersion("1.2.0");
  }

  /** Writes {@code conf/base/vertexai.yml}: project, region, image and root, then {@code runConfig}'s lines. */
  GoalTestProject config(String... runConfig) throws IOException {
    Files.createDirectories(dir.resolve("conf/base"));
    StringBuilder text =
        new StringBuilder("project_id: my-project\nregion: europe-west4\nrun_config:\n")
            .append("  image: ").append(IMAGE).append("\n  root: bucket/tiny\n");
    for (String line : runConfig) {
      text.append("  ").append(line).append('\n');
    }
    Files.writeString(dir.resolve("conf/base/vertexai.yml"), text);
    return this;
  }

  /** {@code mojo} with the parameters the POM's defaults give it for this project, logging to the console. */
  <T extends AbstractVertexAiMojo> T configure(T mojo) {
    mojo.projectDir = dir.toFile();
    mojo.outputDir = dir.resolve("target/vertexai").toFile();
    mojo.pipeline = "__default__";
    mojo.env = "local";
    mojo.pipelineDescription = dir.resolve("pipeline-description.json").toFile();
    mojo.project = maven;
    mojo.setLog(new SystemStreamLog());
    return mojo;
  }
}
