package dev.kedrovertexai.core.image;

import com.google.auth.Credentials;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.vertex.GoogleIdentity;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the plugin authenticates to a registry: the credential the front end configured for it (settings.xml), else,
 * for Google's registries (Artifact Registry, Container Registry), an access token of the Application Default
 * Credentials, else none. Tokens are fetched only when a registry asks for credentials.
 */
final class RegistryAuth {
  /** The user name Google's registries take with an OAuth access token as the password. */
  static final String GOOGLE_TOKEN_USER = "oauth2accesstoken";
  static final String NO_CREDENTIALS = "no credentials";
  private static final List<String> DOCKER_HUB = List.of("registry-1.docker.io", "docker.io", "index.docker.io");

  private final RegistryCredentials configured;
  private final Map<String, String> environment;
  private GoogleIdentity google;

  RegistryAuth(RegistryCredentials configured, Map<String, String> environment) {
    this.configured = configured;
    this.environment = environment;
  }

  /** Artifact Registry ({@code <location>-docker.pkg.dev}) and Container Registry ({@code gcr.io}). */
  static boolean isGoogleRegistry(String registry) {
    String host = registry.replaceFirst(":\\d+$", "");
    return host.endsWith("-docker.pkg.dev") || host.equals("gcr.io") || host.endsWith(".gcr.io");
  }

  /** Whose credentials a request to {@code registry} carries, for messages. */
  String describe(String registry) {
    Optional<RegistryCredential> credential = configuredFor(registry);
    if (credential.isPresent()) {
      return "the credentials of " + credential.get().source();
    }
    if (isGoogleRegistry(registry)) {
      return "Application Default Credentials"
          + (google == null ? "" : " (" + google.description() + ")");
    }
    return NO_CREDENTIALS;
  }

  /** What to configure for {@code registry} to send other credentials, for messages. */
  static String howToConfigure(String registry) {
    String server = "a <server> with <id>" + registry + "</id>, <username> and <password> in ~/.m2/settings.xml";
    return isGoogleRegistry(registry)
        ? "run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS to a key file), or add "
            + server
        : "add " + server;
  }

  /** The credential to send to {@code registry}, if any. */
  Optional<Credential> credential(String registry) throws KedroVertexAiException {
    Optional<RegistryCredential> credential = configuredFor(registry);
    if (credential.isPresent()) {
      return Optional.of(Credential.from(credential.get().username(), credential.get().password()));
    }
    if (!isGoogleRegistry(registry)) {
      return Optional.empty();
    }
    return Optional.of(Credential.from(GOOGLE_TOKEN_USER, googleToken(registry)));
  }

  /** {@link #credential} for Jib, which asks only when the registry wants credentials. */
  CredentialRetriever retriever(String registry) {
    return () -> {
      try {
        return credential(registry);
      } catch (KedroVertexAiException e) {
        throw new CredentialRetrievalException(e);
      }
    };
  }

  private Optional<RegistryCredential> configuredFor(String registry) {
    Optional<RegistryCredential> credential = configured.forRegistry(registry);
    if (credential.isEmpty() && DOCKER_HUB.contains(registry)) {
      for (String alias : DOCKER_HUB) {
        credential = configured.forRegistry(alias);
        if (credential.isPresent()) {
          break;
        }
      }
    }
    return credential;
  }

  private synchronized String googleToken(String registry) throws KedroVertexAiException {
    if (google == null) {
      try {
        google = GoogleIdentity.applicationDefault(null, environment);
      } catch (KedroVertexAiException e) {
        throw new KedroVertexAiException(
            registry + " needs credentials, and " + e.getMessage() + " Or add a <server> with <id>" + registry
                + "</id> to ~/.m2/settings.xml.",
            e);
      }
    }
    Credentials credentials = google.credentials();
    try {
      List<String> authorization = credentials.getRequestMetadata().getOrDefault("Authorization", List.of());
      for (String value : authorization) {
        if (value.startsWith("Bearer ")) {
          return value.substring("Bearer ".length());
        }
      }
      throw new IOException("the credentials gave no access token");
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "Cannot get an access token for " + registry + " from " + google.description() + ": " + e.getMessage()
              + ". " + howToConfigure(registry),
          e);
    }
  }
}
