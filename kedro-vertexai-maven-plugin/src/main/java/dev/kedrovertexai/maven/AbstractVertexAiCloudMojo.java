package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.ProjectMetadata;
import dev.kedrovertexai.core.spec.VertexNames;
import dev.kedrovertexai.core.storage.RunManifest;
import dev.kedrovertexai.core.vertex.ConnectionSettings;
import dev.kedrovertexai.core.vertex.Submission;
import dev.kedrovertexai.core.vertex.VertexAccess;
import dev.kedrovertexai.core.vertex.VertexAiService;
import dev.kedrovertexai.core.workflow.CompileResult;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** What the goals that talk to Vertex AI share: where to connect, as whom, and runtime parameter values. */
abstract class AbstractVertexAiCloudMojo extends AbstractVertexAiMojo {

  /**
   * The Vertex AI endpoint. Default: {@code <region>-aiplatform.googleapis.com:443}. A value starting with
   * {@code http://} (e.g. {@code http://localhost:8085}) is a plaintext emulator that needs no credentials.
   */
  @Parameter(property = "vertexai.endpoint")
  String endpoint;

  /**
   * A service account to act as, through short-lived tokens minted with the Application Default Credentials
   * (which need {@code roles/iam.serviceAccountTokenCreator} on it).
   */
  @Parameter(property = "vertexai.impersonateServiceAccount")
  String impersonateServiceAccount;

  VertexAccess connect(VertexAiConfig config, ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    return VertexAccess.open(
        new ConnectionSettings(endpoint, impersonateServiceAccount, settings.environment()),
        config.projectId(),
        config.region(),
        log);
  }

  static Submission submission(CompileResult result, ProjectSettings settings, Map<String, Object> values) {
    return new Submission(
        result.compiled().jobJson(),
        result.files().pipelineJob().toString(),
        result.description().projectName(),
        settings.pipeline(),
        values,
        RunManifest.of(result.plan(), result.description().projectName()));
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
