package dev.kedrovertexai.core.template;

import com.google.auth.Credentials;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.TemplateRepository;
import dev.kedrovertexai.core.vertex.GoogleIdentity;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Where the upload's bearer token comes from, and whose it is, so that a refusal can name who needs the grant. */
public interface AccessTokens {
  /** A current access token, or null to send no {@code Authorization} header. */
  String accessToken() throws KedroVertexAiException;

  /** Whose token it is, for messages; never the token. */
  String identity();

  /** No credentials: for a local registry on plain HTTP, as the Vertex AI emulator gets none either. */
  static AccessTokens none() {
    return new AccessTokens() {
      @Override
      public String accessToken() {
        return null;
      }

      @Override
      public String identity() {
        return "no credentials (local registry)";
      }
    };
  }

  /**
   * The Application Default Credentials the Vertex AI goals use (acting as {@code impersonate} when set), for
   * Artifact Registry; none for a local registry.
   */
  static AccessTokens forRepository(
      TemplateRepository repository, String impersonate, Map<String, String> environment)
      throws KedroVertexAiException {
    if (repository.local()) {
      return none();
    }
    GoogleIdentity identity = GoogleIdentity.applicationDefault(impersonate, environment);
    return of(identity);
  }

  /** The bearer token of {@code identity}'s credentials, refreshed by them when needed. */
  static AccessTokens of(GoogleIdentity identity) {
    return new AccessTokens() {
      @Override
      public String accessToken() throws KedroVertexAiException {
        Credentials credentials = identity.credentials();
        try {
          for (String value : credentials.getRequestMetadata().getOrDefault("Authorization", List.of())) {
            if (value.startsWith("Bearer ")) {
              return value.substring("Bearer ".length());
            }
          }
          throw new IOException("the credentials gave no access token");
        } catch (IOException e) {
          throw new KedroVertexAiException(
              "Cannot get an access token from " + identity.description() + " to upload the pipeline template: "
                  + e.getMessage() + ". Run `gcloud auth application-default login`, or point"
                  + " GOOGLE_APPLICATION_CREDENTIALS at a valid key file.",
              e);
        }
      }

      @Override
      public String identity() {
        return identity.description();
      }
    };
  }
}
