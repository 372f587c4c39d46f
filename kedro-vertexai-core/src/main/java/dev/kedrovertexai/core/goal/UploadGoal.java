package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.TemplateRepository;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.template.AccessTokens;
import dev.kedrovertexai.core.template.TemplateTags;
import dev.kedrovertexai.core.template.TemplateUploader;
import dev.kedrovertexai.core.template.UploadRequest;
import dev.kedrovertexai.core.template.UploadedTemplate;
import dev.kedrovertexai.core.workflow.OutputFiles;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * upload: uploads the compiled {@code pipeline.json} as a pipeline template to the Artifact Registry repository
 * {@code run_config.template_repository}, tagged with the project's version, and records it in {@code
 * template.json}, which the runs and schedules after it in the build then start from. Without a template repository
 * it does nothing, unless asked for by name.
 */
public final class UploadGoal {
  private UploadGoal() {}

  /**
   * @param project the project and its config values
   * @param version the project's version, which tags the template ({@link TemplateTags#forVersion}), or null
   * @param impersonateServiceAccount a service account to upload as, or null for the Application Default
   *     Credentials
   * @param tokens where the access token comes from, or null for the Application Default Credentials (as
   *     impersonating says)
   * @param requested the user asked for this goal by name (not through the build's lifecycle), so that a missing
   *     template repository is an error rather than a reason to do nothing
   * @param submittedInThisBuild a run or schedule was already submitted in this build, which would not start from
   *     the template: refused
   */
  public record Request(
      ProjectRequest project,
      String version,
      String impersonateServiceAccount,
      AccessTokens tokens,
      boolean requested,
      boolean submittedInThisBuild) {
    public Request {
      Objects.requireNonNull(project, "project");
    }
  }

  /**
   * @param template the uploaded template, or null when nothing was uploaded
   * @param record its {@code template.json}, for the runs after it in the build; null when nothing was uploaded
   */
  public record Result(UploadedTemplate template, Path record) {
    static final Result NOTHING_UPLOADED = new Result(null, null);

    public boolean uploaded() {
      return record != null;
    }
  }

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    ProjectSettings settings = request.project().settings();
    VertexAiConfig config = Steps.loadConfig(settings, log);
    TemplateRepository repository = TemplateRepository.of(config);
    if (repository == null) {
      if (request.requested()) {
        throw new KedroVertexAiException(
            "No template repository to upload the pipeline to: set run_config.template_repository in"
                + " conf/base/vertexai.yml (a Kubeflow Pipelines repository of Artifact Registry, e.g."
                + " kedro-pipelines), or {param:templateRepository=<name or URL>}");
      }
      log.info(
          "Skipping upload: no template repository (set run_config.template_repository, or"
              + " {param:templateRepository})");
      return Result.NOTHING_UPLOADED;
    }
    if (request.submittedInThisBuild()) {
      throw new KedroVertexAiException(
          "{goal:upload} runs after run-once or schedule of this build, whose runs would then not start from the"
              + " template it uploads: list the upload goal before them in {setting:goals}, or run {goal:upload}"
              + " before them on the command line");
    }
    Path record = settings.outputDir().resolve(UploadedTemplate.FILE);
    UploadRequest upload =
        new UploadRequest(
            new OutputFiles(settings.outputDir()).pipelineSpec(),
            repository,
            config.originOf("run_config.template_repository").toString(),
            TemplateTags.forVersion(request.version()),
            record);
    AccessTokens tokens =
        request.tokens() != null
            ? request.tokens()
            : AccessTokens.forRepository(repository, request.impersonateServiceAccount(), settings.environment());
    UploadedTemplate uploaded = new TemplateUploader(log, tokens).upload(upload);
    return new Result(uploaded, record);
  }
}
