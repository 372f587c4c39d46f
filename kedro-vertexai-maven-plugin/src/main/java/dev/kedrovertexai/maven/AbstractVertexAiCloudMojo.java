package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.goal.VertexConnection;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Parameter;

/** What the goals that talk to Vertex AI share: where to connect, as whom. */
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

  VertexConnection connection() {
    return new VertexConnection(endpoint, impersonateServiceAccount);
  }

  /**
   * The {@code template.json} of the template that {@code vertexai:upload} uploaded earlier in this build (handed
   * over in the project's context), which a submitted job starts from, or null. Marks the project submitted, so
   * that an upload after it is caught instead of ignored.
   */
  Path uploadedTemplateForSubmission() {
    if (project == null) {
      return null;
    }
    project.setContextValue(UploadMojo.SUBMITTED, Boolean.TRUE);
    Object uploaded = project.getContextValue(UploadMojo.UPLOADED_TEMPLATE);
    return uploaded == null ? null : Path.of(uploaded.toString());
  }
}
