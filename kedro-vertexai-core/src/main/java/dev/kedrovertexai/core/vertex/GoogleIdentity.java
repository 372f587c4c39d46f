package dev.kedrovertexai.core.vertex;

import com.google.auth.Credentials;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.google.cloud.NoCredentials;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The credentials requests are made with, and a description of whose they are, so that a permission failure can
 * say who needs the grant.
 */
public record GoogleIdentity(Credentials credentials, String description) {
  static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  private static final int IMPERSONATION_LIFETIME_SECONDS = 3600;

  /** No credentials, for emulators. */
  public static GoogleIdentity none() {
    return new GoogleIdentity(NoCredentials.getInstance(), "no credentials (emulator)");
  }

  /**
   * Application Default Credentials (which honour {@code GOOGLE_APPLICATION_CREDENTIALS}), acting as {@code
   * impersonate} when it is set.
   */
  public static GoogleIdentity applicationDefault(String impersonate, Map<String, String> environment)
      throws KedroVertexAiException {
    GoogleCredentials source;
    try {
      source = GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "No Google credentials found ("
              + e.getMessage()
              + "). Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a"
              + " service account key file.",
          e);
    }
    if (source.createScopedRequired()) {
      source = source.createScoped(List.of(CLOUD_PLATFORM_SCOPE));
    }
    String sourceDescription = describe(source, environment);
    if (impersonate == null) {
      return new GoogleIdentity(source, sourceDescription);
    }
    ImpersonatedCredentials impersonated =
        ImpersonatedCredentials.create(
            source, impersonate, null, List.of(CLOUD_PLATFORM_SCOPE), IMPERSONATION_LIFETIME_SECONDS);
    return new GoogleIdentity(
        impersonated,
        "service account "
            + impersonate
            + " (impersonated by "
            + sourceDescription
            + ", which needs roles/iam.serviceAccountTokenCreator on it)");
  }

  /** Whose credentials these are, as far as can be told without a network call. */
  static String describe(Credentials credentials, Map<String, String> environment) {
    String file = environment.get("GOOGLE_APPLICATION_CREDENTIALS");
    String from = file == null || file.isBlank() ? "" : " from GOOGLE_APPLICATION_CREDENTIALS=" + file;
    if (credentials instanceof ServiceAccountCredentials serviceAccount) {
      return "service account " + serviceAccount.getClientEmail() + from;
    }
    if (credentials instanceof ImpersonatedCredentials impersonated) {
      return "service account " + impersonated.getAccount() + " (impersonated)" + from;
    }
    if (credentials instanceof UserCredentials) {
      return "your user account (application default credentials" + (from.isEmpty() ? " of gcloud" : from) + ")";
    }
    if (credentials instanceof ComputeEngineCredentials) {
      return "the service account of this Compute Engine / GKE / Cloud Run machine";
    }
    if (credentials instanceof ExternalAccountCredentials external) {
      String email = external.getServiceAccountEmail();
      return (email == null ? "an external account (workload identity federation)" : "service account " + email)
          + from;
    }
    return credentials.getClass().getSimpleName() + from;
  }
}
