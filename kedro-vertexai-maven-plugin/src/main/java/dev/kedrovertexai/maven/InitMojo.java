package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.goal.InitGoal;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a commented starting {@code conf/base/vertexai.yml}. Needs {@code -Dvertexai.projectId} and
 * {@code -Dvertexai.region}; refuses to overwrite an existing file unless {@code -Dvertexai.force=true}. With
 * {@code -Dvertexai.ci=github} (or {@code gitlab}) it also writes a CI workflow that tests pull requests and
 * deploys the main branch with keyless Google Cloud authentication; an existing {@code vertexai.yml} is then kept.
 *
 * @since 0.1.0
 */
@Mojo(name = "init", threadSafe = true)
public class InitMojo extends AbstractVertexAiMojo {

  /** Overwrite an existing {@code conf/base/vertexai.yml}. */
  @Parameter(property = "vertexai.force", defaultValue = "false")
  boolean force;

  /** The Kedro project name used in the template's examples. Default: the Maven project's artifactId. */
  @Parameter(property = "vertexai.projectName", defaultValue = "${project.artifactId}")
  String projectName;

  /** Also write a CI workflow for this system: {@code github} or {@code gitlab}. */
  @Parameter(property = "vertexai.ci")
  String ci;

  @Override
  void run(EventLog log) throws KedroVertexAiException {
    InitGoal.run(new InitGoal.Request(projectDir.toPath(), projectId, region, projectName, force, ci, MavenSpelling.INSTANCE), log);
  }

  @Override
  String goalName() {
    return "init";
  }
}
