package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.TemplateRepository;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.template.AccessTokens;
import dev.kedrovertexai.core.template.TemplateTags;
import dev.kedrovertexai.core.template.TemplateUploader;
import dev.kedrovertexai.core.template.UploadRequest;
import dev.kedrovertexai.core.template.UploadedTemplate;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.OutputFiles;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
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
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    VertexAiConfig config = new CompileWorkflow(log).loadConfig(settings);
    TemplateRepository repository = TemplateRepository.of(config);
    if (repository == null) {
      boolean fromCommandLine = mojoExecution != null && mojoExecution.getSource() == MojoExecution.Source.CLI;
      if (fromCommandLine) {
        throw new KedroVertexAiException(
            "No template repository to upload the pipeline to: set run_config.template_repository in"
                + " conf/base/vertexai.yml (a Kubeflow Pipelines repository of Artifact Registry, e.g."
                + " kedro-pipelines), or -Dvertexai.templateRepository=<name or URL>");
      }
      log.info(
          "Skipping upload: no template repository (set run_config.template_repository, or"
              + " -Dvertexai.templateRepository)");
      return;
    }
    if (project != null && project.getContextValue(SUBMITTED) != null) {
      throw new KedroVertexAiException(
          "vertexai:upload runs after run-once or schedule of this build, whose runs would then not start from the"
              + " template it uploads: list the upload goal before them in the POM's <goals>, or run mvn"
              + " vertexai:upload before them on the command line");
    }
    String version = project == null ? null : project.getVersion();
    Path record = settings.outputDir().resolve(UploadedTemplate.FILE);
    UploadRequest request =
        new UploadRequest(
            new OutputFiles(settings.outputDir()).pipelineSpec(),
            repository,
            config.originOf("run_config.template_repository").toString(),
            TemplateTags.forVersion(version),
            record);
    AccessTokens source =
        tokens != null
            ? tokens
            : AccessTokens.forRepository(repository, impersonateServiceAccount, settings.environment());
    new TemplateUploader(log, source).upload(request);
    if (project != null) {
      project.setContextValue(UPLOADED_TEMPLATE, record.toString());
    }
  }

  @Override
  String goalName() {
    return "upload";
  }
}
