package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.ConfigTemplate;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes a commented starting {@code conf/base/vertexai.yml}. Needs {@code -Dvertexai.projectId} and
 * {@code -Dvertexai.region}; refuses to overwrite an existing file unless {@code -Dvertexai.force=true}.
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

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    Path written = ConfigTemplate.write(settings.projectDir(), projectId, region, projectName, force);
    log.info("Wrote " + written + ": set run_config.image and run_config.root, then run mvn package");
  }

  @Override
  String goalName() {
    return "init";
  }
}
