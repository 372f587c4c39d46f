package dev.kedrovertexai.core.vertex;

import java.util.Map;

/**
 * How to reach Vertex AI and Cloud Storage.
 *
 * @param endpoint the Vertex AI endpoint, or null for {@code <region>-aiplatform.googleapis.com:443}; a value
 *     starting with {@code http://} is a plaintext emulator that needs no credentials
 * @param impersonateServiceAccount a service account email to act as, or null to act as the ADC identity
 * @param environment the process environment ({@code STORAGE_EMULATOR_HOST}, {@code
 *     GOOGLE_APPLICATION_CREDENTIALS})
 */
public record ConnectionSettings(String endpoint, String impersonateServiceAccount, Map<String, String> environment) {
  public static final String STORAGE_EMULATOR_HOST = "STORAGE_EMULATOR_HOST";

  public ConnectionSettings {
    endpoint = blankToNull(endpoint);
    impersonateServiceAccount = blankToNull(impersonateServiceAccount);
    environment = Map.copyOf(environment);
  }

  /** The Storage emulator's URL, or null for the real service. */
  public String storageEmulatorHost() {
    return blankToNull(environment.get(STORAGE_EMULATOR_HOST));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
