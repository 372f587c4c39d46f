package dev.kedrovertexai.core.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Turns what Jib and its registry client throw into one message that says which image and registry failed, with
 * whose credentials, and what fixes it. Neither credentials nor tokens ever appear in a message.
 */
final class JibFailures {
  static final String BASE_KEY = "run_config.image_build.base_image";
  static final String TARGET_KEY = "run_config.image";

  private final VertexAiConfig config;
  private final ImageReference base;
  private final ImageReference target;
  private final RegistryAuth auth;

  JibFailures(VertexAiConfig config, ImageReference base, ImageReference target, RegistryAuth auth) {
    this.config = config;
    this.base = base;
    this.target = target;
    this.auth = auth;
  }

  KedroVertexAiException explain(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      KedroVertexAiException explained = explainOne(cause, failure);
      if (explained != null) {
        return explained;
      }
    }
    return new KedroVertexAiException("Building the image " + target + " failed: " + failure, failure);
  }

  private KedroVertexAiException explainOne(Throwable cause, Throwable failure) {
    if (cause instanceof CredentialRetrievalException && cause.getCause() instanceof KedroVertexAiException ours) {
      return ours;
    }
    if (cause instanceof RegistryCredentialsNotSentException) {
      String registry = registryIn(cause.getMessage());
      if (auth.describe(registry).equals(RegistryAuth.NO_CREDENTIALS)) {
        return new KedroVertexAiException(
            noCredentials(registry) + " (" + whose(registry) + ")", failure);
      }
      return new KedroVertexAiException(
          registry + " asks for credentials, and Jib never sends them over plain HTTP: serve the registry over HTTPS,"
              + " or, for a registry you trust on your own network, start Maven with -DsendCredentialsOverHttp=true"
              + " (" + whose(registry) + ")",
          failure);
    }
    if (cause instanceof RegistryUnauthorizedException refused) {
      return unauthorized(refused, failure);
    }
    if (cause instanceof InsecureRegistryException) {
      String registry = registryIn(cause.getMessage());
      return new KedroVertexAiException(
          registry + " (" + whose(registry) + ") does not answer over HTTPS with a certificate this machine trusts. For"
              + " a registry on plain HTTP (a local or test registry) allow it with"
              + " -Dvertexai.allowInsecureRegistries=true (POM <allowInsecureRegistries>true</allowInsecureRegistries>);"
              + " otherwise add its certificate to the JVM's trust store",
          failure);
    }
    if (cause instanceof UnknownHostException) {
      String registry = registryIn(String.valueOf(cause.getMessage()));
      return new KedroVertexAiException(
          "The registry host " + registry.replaceFirst(":\\d+$", "") + " is unknown (" + whose(registry) + "): check"
              + " the image name there, and this machine's DNS or proxy settings",
          failure);
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
        || cause instanceof SocketTimeoutException) {
      String registry = registryIn(String.valueOf(cause.getMessage()));
      return new KedroVertexAiException(
          "Cannot reach the registry " + registry + " (" + whose(registry) + "): " + cause.getMessage() + ". Check the"
              + " registry's host and port there, and that this machine reaches it (network, firewall, proxy)",
          failure);
    }
    if (cause instanceof RegistryException) {
      String registry = registryIn(String.valueOf(cause.getMessage()));
      return new KedroVertexAiException(
          "The registry " + registry + " refused a request for " + imageOf(registry) + ": " + cause.getMessage()
              + " (check " + whose(registry) + ")",
          failure);
    }
    return null;
  }

  private KedroVertexAiException unauthorized(RegistryUnauthorizedException refused, Throwable failure) {
    String registry = registryIn(refused.getImageReference());
    boolean pull = registry.equals(base.getRegistry()) && refused.getImageReference().endsWith(base.getRepository())
        && !(registry.equals(target.getRegistry()) && refused.getImageReference().endsWith(target.getRepository()));
    String what = pull ? "pulling the base image " + base : "pushing " + target;
    int status = refused.getHttpResponseException().getStatusCode();
    String identity = auth.describe(registry);
    if (status == 403) {
      boolean anonymous = identity.equals(RegistryAuth.NO_CREDENTIALS);
      return new KedroVertexAiException(
          registry + " denied " + what + (anonymous ? " without credentials" : " to " + identity)
              + " (HTTP 403): grant " + (anonymous ? "an identity" : "that identity") + " the permission"
              + (pull ? " to pull from " : " to push to ") + refused.getImageReference()
              + (RegistryAuth.isGoogleRegistry(registry)
                  ? " (Artifact Registry: roles/artifactregistry." + (pull ? "reader" : "writer")
                      + " on the repository)"
                  : "")
              + (anonymous ? " and " : ", or use other credentials: ") + RegistryAuth.howToConfigure(registry),
          failure);
    }
    String fix = identity.equals(RegistryAuth.NO_CREDENTIALS)
        ? noCredentials(registry)
        : registry + " did not accept " + identity + ": check the user name and password (or token) there, or "
            + RegistryAuth.howToConfigure(registry);
    return new KedroVertexAiException(
        "Not authorized " + what + " (HTTP " + status + "). " + fix + " (" + whose(registry) + ")", failure);
  }

  private static String noCredentials(String registry) {
    return registry + " wants credentials and this build has none for it: " + RegistryAuth.howToConfigure(registry);
  }

  /** The registry of the base or target image that {@code text} mentions, else the target's. */
  private String registryIn(String text) {
    String message = text == null ? "" : text;
    if (message.contains(base.getRegistry()) && !message.contains(target.getRegistry())) {
      return base.getRegistry();
    }
    return target.getRegistry();
  }

  private String imageOf(String registry) {
    return registry.equals(base.getRegistry()) && !registry.equals(target.getRegistry())
        ? "the base image " + base
        : String.valueOf(target);
  }

  /** Where the image of {@code registry} is configured: the key and its origin. */
  private String whose(String registry) {
    String key = registry.equals(base.getRegistry()) && !registry.equals(target.getRegistry()) ? BASE_KEY : TARGET_KEY;
    return key + " at " + config.originOf(key);
  }
}
