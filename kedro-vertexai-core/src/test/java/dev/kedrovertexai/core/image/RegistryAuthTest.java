package dev.kedrovertexai.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Credential;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which credentials go to which registry, and how messages name them. */
class RegistryAuthTest {
  private static final RegistryCredential SERVER = new RegistryCredential("ci", "pa55", "settings.xml <server> 'docker.io'");

  @Test
  void googleRegistriesAreArtifactRegistryAndContainerRegistry() {
    assertTrue(RegistryAuth.isGoogleRegistry("europe-west4-docker.pkg.dev"));
    assertTrue(RegistryAuth.isGoogleRegistry("gcr.io"));
    assertTrue(RegistryAuth.isGoogleRegistry("eu.gcr.io"));
    assertFalse(RegistryAuth.isGoogleRegistry("registry-1.docker.io"));
    assertFalse(RegistryAuth.isGoogleRegistry("127.0.0.1:5000"));
    assertFalse(RegistryAuth.isGoogleRegistry("pkg.dev.example.com"));
  }

  @Test
  void aConfiguredServerWinsAndDockerHubAnswersToItsAliases() throws Exception {
    RegistryAuth auth = new RegistryAuth(registry -> registry.equals("docker.io") ? Optional.of(SERVER) : Optional.empty(), Map.of());

    assertEquals(Optional.of(Credential.from("ci", "pa55")), auth.credential("registry-1.docker.io"));
    assertEquals("the credentials of settings.xml <server> 'docker.io'", auth.describe("registry-1.docker.io"));
    assertEquals(Optional.empty(), auth.credential("127.0.0.1:5000"));
    assertEquals("no credentials", auth.describe("127.0.0.1:5000"));
    assertEquals("Application Default Credentials", auth.describe("europe-west4-docker.pkg.dev"));
  }

  @Test
  void aCredentialNeverShowsItsPassword() {
    assertEquals("RegistryCredential[ci from settings.xml <server> 'docker.io']", SERVER.toString());
  }
}
