package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.vertex.ConnectionSettings;
import dev.kedrovertexai.core.vertex.VertexAccess;
import java.util.Map;

/**
 * Where a goal that talks to Vertex AI connects, and as whom.
 *
 * @param endpoint the Vertex AI endpoint, or null for {@code <region>-aiplatform.googleapis.com:443}; a value
 *     starting with {@code http://} is a plaintext emulator that needs no credentials
 * @param impersonateServiceAccount a service account to act as, or null for the Application Default Credentials
 */
public record VertexConnection(String endpoint, String impersonateServiceAccount) {
  /** Vertex AI in the configured region, as the Application Default Credentials. */
  public static final VertexConnection DEFAULT = new VertexConnection(null, null);

  VertexAccess open(VertexAiConfig config, Map<String, String> environment, EventLog log)
      throws KedroVertexAiException {
    return VertexAccess.open(
        new ConnectionSettings(endpoint, impersonateServiceAccount, environment),
        config.projectId(),
        config.region(),
        log);
  }
}
