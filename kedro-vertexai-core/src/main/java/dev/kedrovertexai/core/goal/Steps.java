package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.ProjectMetadata;
import dev.kedrovertexai.core.spec.VertexNames;
import dev.kedrovertexai.core.storage.RunManifest;
import dev.kedrovertexai.core.template.UploadedTemplate;
import dev.kedrovertexai.core.vertex.Submission;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
import java.util.Map;

/** The steps several goals share. */
final class Steps {
  private Steps() {}

  static VertexAiConfig loadConfig(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    return new CompileWorkflow(log).loadConfig(settings);
  }

  /**
   * The compiled job to submit; with {@code uploadedTemplate} (the {@code template.json} of an upload earlier in
   * the build), the job starts from the uploaded template.
   */
  static Submission submission(
      CompileResult result,
      ProjectSettings settings,
      Map<String, ParameterValue> values,
      Path uploadedTemplate,
      EventLog log)
      throws KedroVertexAiException {
    Submission submission =
        new Submission(
            result.compiled().jobJson(),
            result.files().pipelineJob().toString(),
            result.description().projectName(),
            settings.pipeline(),
            values,
            RunManifest.of(result.plan(), result.description().projectName()));
    if (uploadedTemplate == null) {
      return submission;
    }
    return submission.withTemplateUri(
        UploadedTemplate.read(uploadedTemplate).uriFor(result.files().pipelineSpec(), uploadedTemplate, log));
  }

  /**
   * The schedule name: the given one, else {@code run_config.scheduled_run_name}, else the pipeline's name, made
   * from the project name in {@code pyproject.toml} as the compiler makes it (no Python, no compile).
   */
  static String scheduleName(String given, VertexAiConfig config, ProjectSettings settings)
      throws KedroVertexAiException {
    String chosen = VertexAiService.chosenScheduleName(given, config.runConfig());
    return chosen != null
        ? chosen
        : VertexNames.pipelineName(ProjectMetadata.projectName(settings.projectDir()), settings.pipeline());
  }
}
