package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Spelling;
import dev.kedrovertexai.core.config.CiWorkflow;
import dev.kedrovertexai.core.config.ConfigTemplate;
import java.nio.file.Path;
import java.util.Objects;

/**
 * init: writes a commented starting {@code conf/base/vertexai.yml} and, when asked for, a CI workflow (keeping an
 * existing {@code vertexai.yml} then).
 */
public final class InitGoal {
  private InitGoal() {}

  /**
   * @param projectDir the Kedro project root
   * @param projectId the Google Cloud project, as given
   * @param region the Vertex AI region, as given
   * @param projectName the Kedro project name used in the template's examples
   * @param force overwrite existing files
   * @param ci the CI system to write a workflow for ({@code github}, {@code gitlab}), or null or blank for none
   * @param spelling how the front end spells goals and parameters in the files written
   */
  public record Request(
      Path projectDir,
      String projectId,
      String region,
      String projectName,
      boolean force,
      String ci,
      Spelling spelling) {
    public Request {
      Objects.requireNonNull(projectDir, "projectDir");
      Objects.requireNonNull(spelling, "spelling");
    }
  }

  /**
   * @param config the written {@code vertexai.yml}, or null when an existing one was kept
   * @param ciWorkflow the written CI workflow, or null when none was asked for
   */
  public record Result(Path config, Path ciWorkflow) {}

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    String ci = request.ci();
    CiWorkflow.CiSystem system =
        ci == null || ci.isBlank() ? null : CiWorkflow.system(ci, "{param:ci}");
    Path projectDir = request.projectDir();
    Path config = null;
    if (system != null && !request.force() && ConfigTemplate.existing(projectDir) != null) {
      log.info("Keeping " + ConfigTemplate.existing(projectDir) + "; writing only the CI workflow");
    } else {
      config =
          ConfigTemplate.write(
              projectDir, request.projectId(), request.region(), request.projectName(), request.force(),
              request.spelling());
      log.info("Wrote " + config + ": set run_config.image and run_config.root, then run {build:package}");
    }
    Path workflow = null;
    if (system != null) {
      workflow = CiWorkflow.write(system, projectDir, request.force(), request.spelling());
      log.info("Wrote " + workflow + ": set the CI variables GCP_WORKLOAD_IDENTITY_PROVIDER and GCP_SERVICE_ACCOUNT");
    }
    return new Result(config, workflow);
  }
}
