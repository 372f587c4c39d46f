package dev.kedrovertexai.core.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionTest {
  @Test
  void theDefaultEndpointIsRegional() throws Exception {
    assertEquals(
        new VertexEndpoint("europe-west4-aiplatform.googleapis.com:443", false),
        VertexEndpoint.resolve(null, "europe-west4"));
    assertEquals(
        new VertexEndpoint("europe-west4-aiplatform.googleapis.com:443", false),
        VertexEndpoint.resolve(" ", "europe-west4"));
  }

  @Test
  void httpMeansAPlaintextEmulator() throws Exception {
    assertEquals(
        new VertexEndpoint("localhost:8085", true),
        VertexEndpoint.resolve("http://localhost:8085", "r"));
    assertEquals(
        new VertexEndpoint("localhost:80", true), VertexEndpoint.resolve("http://localhost/", "r"));
    assertEquals(
        new VertexEndpoint("private.example:443", false),
        VertexEndpoint.resolve("https://private.example", "r"));
    assertEquals(
        new VertexEndpoint("us-aiplatform.googleapis.com:443", false),
        VertexEndpoint.resolve("us-aiplatform.googleapis.com:443", "r"));
  }

  @Test
  void aUrlWithAPathIsNotAnEndpoint() {
    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () -> VertexEndpoint.resolve("http://localhost:8085/v1", "r"));
    assertTrue(
        e.getMessage()
            .startsWith("{param:endpoint}: 'http://localhost:8085/v1' is not an endpoint"),
        e.getMessage());
  }

  @Test
  void theStorageEmulatorComesFromTheEnvironment() {
    assertEquals(
        "http://localhost:9023",
        new ConnectionSettings(null, null, Map.of("STORAGE_EMULATOR_HOST", "http://localhost:9023"))
            .storageEmulatorHost());
    assertEquals(null, new ConnectionSettings("", " ", Map.of()).storageEmulatorHost());
    assertEquals(null, new ConnectionSettings("", " ", Map.of()).impersonateServiceAccount());
  }

  @Test
  void aServiceAccountIsDescribedByItsEmailAndKeyFile() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    ServiceAccountCredentials credentials =
        ServiceAccountCredentials.newBuilder()
            .setClientEmail("ci@my-gcp-project.iam.gserviceaccount.com")
            .setClientId("1")
            .setPrivateKey(generator.generateKeyPair().getPrivate())
            .build();

    assertEquals(
        "service account ci@my-gcp-project.iam.gserviceaccount.com from"
            + " GOOGLE_APPLICATION_CREDENTIALS=/keys/ci.json",
        GoogleIdentity.describe(
            credentials, Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/keys/ci.json")));
    assertFalse(
        GoogleIdentity.describe(credentials, Map.of()).contains("GOOGLE_APPLICATION_CREDENTIALS"));
  }
}
