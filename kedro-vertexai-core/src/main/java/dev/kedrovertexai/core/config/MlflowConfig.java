package dev.kedrovertexai.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code run_config.mlflow}: whether the pipeline tracks its run in MLflow through kedro-mlflow, and the request
 * header provider that authenticates every MLflow request (e.g. an ID token for an MLflow behind Identity-Aware
 * Proxy).
 *
 * @param enabled true or false to decide; null to follow the project (on when kedro-mlflow is active in it)
 * @param requestHeaderProvider the provider class by dotted name, or null: then {@code requestHeaderProviderParams}
 *     alone choose one of kedro-vertexai's two Google ID token providers, or none when they are empty
 * @param requestHeaderProviderParams keyword arguments of the provider, as plain YAML values
 */
public record MlflowConfig(
    Boolean enabled, String requestHeaderProvider, Map<String, Object> requestHeaderProviderParams) {

  public static final MlflowConfig NONE = new MlflowConfig(null, null, Map.of());

  /** kedro-vertexai's provider that fetches a Google ID token for {@code client_id} from the task's identity. */
  public static final String OAUTH_PROVIDER = "kedro_vertexai.auth.gcp.MLFlowGoogleOauthRequestHeaderProvider";

  /** kedro-vertexai's provider that has IAM sign a Google ID token of {@code service_account} for {@code client_id}. */
  public static final String IAM_PROVIDER = "kedro_vertexai.auth.gcp.MLFlowGoogleIAMRequestHeaderProvider";

  /** Every spelling of kedro-vertexai's two providers in its code and its documentation, to the one they mean. */
  public static final Map<String, String> BUILT_IN_PROVIDERS =
      Map.of(
          OAUTH_PROVIDER, OAUTH_PROVIDER,
          "kedro_vertexai.auth.gcp.MLFlowGoogleOAuthRequestHeaderProvider", OAUTH_PROVIDER,
          "kedro_vertexai.auth.gcp.MLflowGoogleOAuthRequestHeaderProvider", OAUTH_PROVIDER,
          IAM_PROVIDER, IAM_PROVIDER,
          "kedro_vertexai.auth.gcp.MLflowGoogleIAMRequestHeaderProvider", IAM_PROVIDER);

  /** The params each built-in provider needs; it takes no others. */
  public static Set<String> requiredParams(String builtIn) {
    return builtIn.equals(IAM_PROVIDER) ? Set.of("client_id", "service_account") : Set.of("client_id");
  }

  public MlflowConfig {
    requestHeaderProviderParams =
        requestHeaderProviderParams == null
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(requestHeaderProviderParams));
  }

  /** Whether the compiled pipeline tracks the run in MLflow, given whether kedro-mlflow is active in the project. */
  public boolean tracks(boolean projectUsesKedroMlflow) {
    return enabled != null ? enabled : projectUsesKedroMlflow;
  }

  /**
   * The header provider the tasks register, or null for none: the configured class (kedro-vertexai's spellings
   * made one), else the built-in one that the params ask for (IAM with a service_account, else OAuth).
   */
  public String effectiveHeaderProvider() {
    if (requestHeaderProvider != null) {
      return BUILT_IN_PROVIDERS.getOrDefault(requestHeaderProvider, requestHeaderProvider);
    }
    if (requestHeaderProviderParams.isEmpty()) {
      return null;
    }
    return requestHeaderProviderParams.containsKey("service_account") ? IAM_PROVIDER : OAUTH_PROVIDER;
  }
}
