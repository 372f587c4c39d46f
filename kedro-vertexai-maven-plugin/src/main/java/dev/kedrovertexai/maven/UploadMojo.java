package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.goal.UploadGoal;
import dev.kedrovertexai.core.template.AccessTokens;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Uploads the compiled pipeline, {@code target/vertexai/pipeline.json}, as a pipeline template to an Artifact
 * Registry repository of the Kubeflow Pipelines format ({@code run_config.template_repository}), tagged with the
 * project's version and, for a release, {@code latest}. Records the uploaded version in {@code
 * target/vertexai/template.json}, so that {@code run-once} and {@code schedule} later in the same build start their
 * runs from it.
 *
 * <p>Bound to {@code deploy}; list it before {@code run-once}. Without a template repository it does nothing.
 * Authenticates with Application Default Credentials, as the Vertex AI goals do.
 *
 * @since 0.1.0
 */
@Mojo(name = "upload", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class UploadMojo extends AbstractVertexAiMojo {
  /** Project context: the {@code template.json} of the template uploaded in this build, which its runs start from. */
  static final String UPLOADED_TEMPLATE = "kedro-vertexai.uploadedTemplate";
  /** Project context: set by run-once and schedule, so that an upload after them is caught instead of ignored. */
  static final String SUBMITTED = "kedro-vertexai.submitted";

  /**
   * A service account to upload as, through short-lived tokens minted with the Application Default Credentials
   * (which need {@code roles/iam.serviceAccountTokenCreator} on it); the same parameter as the Vertex AI goals'.
   */
  @Parameter(property = "vertexai.impersonateServiceAccount")
  String impersonateServiceAccount;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  MojoExecution mojoExecution;

  /** Where the access token comes from; tests give their own. */
  AccessTokens tokens;

  @Override
  void run(EventLog log) throws KedroVertexAiException {
    boolean fromCommandLine = mojoExecution != null && mojoExecution.getSource() == MojoExecution.Source.CLI;
    UploadGoal.Result result =
        UploadGoal.run(
            new UploadGoal.Request(
                projectRequest(),
                project == null ? null : project.getVersion(),
                impersonateServiceAccount,
                tokens,
                fromCommandLine,
                project != null && project.getContextValue(SUBMITTED) != null),
            log);
    if (result.uploaded() && project != null) {
      project.setContextValue(UPLOADED_TEMPLATE, result.record().toString());
    }
  }

  @Override
  String goalName() {
    return "upload";
  }
}
