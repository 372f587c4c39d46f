package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.CiWorkflow;
import dev.kedrovertexai.core.config.ConfigTemplate;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
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
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    CiWorkflow.CiSystem system =
        ci == null || ci.isBlank() ? null : CiWorkflow.system(ci, "-Dvertexai.ci or POM <ci>");
    if (system != null && !force && ConfigTemplate.existing(settings.projectDir()) != null) {
      log.info("Keeping " + ConfigTemplate.existing(settings.projectDir()) + "; writing only the CI workflow");
    } else {
      Path written = ConfigTemplate.write(settings.projectDir(), projectId, region, projectName, force);
      log.info("Wrote " + written + ": set run_config.image and run_config.root, then run mvn package");
    }
    if (system != null) {
      Path workflow = CiWorkflow.write(system, settings.projectDir(), force);
      log.info("Wrote " + workflow + ": set the CI variables GCP_WORKLOAD_IDENTITY_PROVIDER and GCP_SERVICE_ACCOUNT");
    }
  }

  @Override
  String goalName() {
    return "init";
  }
}
