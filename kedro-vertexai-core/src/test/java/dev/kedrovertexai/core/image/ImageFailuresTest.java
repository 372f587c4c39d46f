package dev.kedrovertexai.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.global.JibSystemProperties;
import dev.kedrovertexai.core.CraneRegistry;
import dev.kedrovertexai.core.KedroTestEnvironment;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.LoopbackProcess;
import dev.kedrovertexai.core.RecordingLog;
import dev.kedrovertexai.core.TestImages;
import dev.kedrovertexai.core.TestTools.Tool;
import dev.kedrovertexai.core.config.VertexAiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way building the image fails on the user's input or the network: one message each, naming the image, the
 * key or parameter, and the fix; no stack trace needed; no secret in it; and no image.json left that a compile
 * could take for this build's image.
 */
class ImageFailuresTest {
  private static final String BASE = "base/python:3.11-slim";
  private static final String SECRET = "s3cret-Passw0rd";

  @TempDir static Path shared;
  @TempDir Path dir;

  private static CraneRegistry registry;
  private static String python;
  private Path project;

  @BeforeAll
  static void startRegistry() throws Exception {
    KedroTestEnvironment kedro = KedroTestEnvironment.of(Tool.KEDRO_1);
    python = kedro.python();
    registry = CraneRegistry.start();
    TestImages.pushBase(registry, BASE, Map.of("PYTHON_VERSION", kedro.pythonVersion()));
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void project() throws Exception {
    project = TinyProject.create(dir.resolve("project"), null);
    // An earlier build's record: no failure may leave it for a compile to take.
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/image.json"), "{\"image\": \"stale\"}\n");
  }

  private String failure(VertexAiConfig config, boolean insecure, RegistryCredentials credentials, Map<String, String> environment) {
    KedroVertexAiException e =
        assertThrows(
            KedroVertexAiException.class,
            () ->
                new ImageBuilder(new RecordingLog())
                    .build(
                        new ImageRequest(
                            project, dir.resolve("out"), config, python, credentials, insecure, null,
                            shared.resolve("cache"), environment)));
    assertFalse(Files.exists(dir.resolve("out/image.json")), "the earlier image.json is gone");
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    return e.getMessage();
  }

  private String failure(VertexAiConfig config) {
    return failure(config, true, RegistryCredentials.NONE, System.getenv());
  }

  private static VertexAiConfig pushing(String target) {
    return TinyProject.config(target, registry.host + "/" + BASE, null);
  }

  @Test
  void noBaseImage() {
    assertEquals(
        "No base image to build " + registry.host + "/tiny/app:1 on: set run_config.image_build.base_image in"
            + " conf/base/vertexai.yml (e.g. python:3.11-slim), or -Dvertexai.baseImage=<image>",
        failure(TinyProject.config(registry.host + "/tiny/app:1", null, null)));
  }

  @Test
  void anUnreachableRegistry() throws Exception {
    String closed = "127.0.0.1:" + LoopbackProcess.freePort();

    String message = failure(pushing(closed + "/tiny/app:1"));

    assertTrue(message.startsWith("Cannot reach the registry " + closed + " (run_config.image at vertexai.yml): "), message);
    assertTrue(message.endsWith("Check the registry's host and port there, and that this machine reaches it (network,"
        + " firewall, proxy)"), message);
    String base = failure(TinyProject.config(registry.host + "/tiny/app:1", closed + "/python:3.11", null));
    assertTrue(base.startsWith("Cannot reach the registry " + closed + " (run_config.image_build.base_image at"), base);
  }

  @Test
  void aRegistryOnPlainHttpWithoutAllowingIt() throws Exception {
    try (RefusingRegistry plainHttp = RefusingRegistry.denying()) {
      String message =
          failure(
              TinyProject.config(plainHttp.host + "/tiny/app:1", plainHttp.host + "/python:3.11", null), false,
              RegistryCredentials.NONE, System.getenv());

      assertEquals(
          plainHttp.host + " (run_config.image at vertexai.yml) does not answer over HTTPS with a certificate this"
              + " machine trusts. For a registry on plain HTTP (a local or test registry) allow it with"
              + " -Dvertexai.allowInsecureRegistries=true (POM <allowInsecureRegistries>true</allowInsecureRegistries>);"
              + " otherwise add its certificate to the JVM's trust store",
          message);
    }
  }

  @Test
  void aRegistryThatDeniesThePush() throws Exception {
    try (RefusingRegistry refusing = RefusingRegistry.denying()) {
      String message = failure(pushing(refusing.host + "/tiny/app:1"));

      assertEquals(
          refusing.host + " denied pushing " + refusing.host + "/tiny/app:1 without credentials (HTTP 403): grant an"
              + " identity the permission to push to " + refusing.host + "/tiny/app and add a <server> with <id>"
              + refusing.host + "</id>, <username> and <password> in ~/.m2/settings.xml",
          message);
    }
  }

  @Test
  void aRegistryThatWantsCredentialsThisBuildDoesNotHave() throws Exception {
    try (RefusingRegistry refusing = RefusingRegistry.requiringBasicAuth("ci", SECRET)) {
      String message = failure(pushing(refusing.host + "/tiny/app:1"));

      assertEquals(
          refusing.host + " wants credentials and this build has none for it: add a <server> with <id>" + refusing.host
              + "</id>, <username> and <password> in ~/.m2/settings.xml (run_config.image at vertexai.yml)",
          message);
    }
  }

  @Test
  void badCredentialsAreNeverSentOverPlainHttp() throws Exception {
    try (RefusingRegistry refusing = RefusingRegistry.requiringBasicAuth("ci", "right-password")) {
      String message = failure(pushing(refusing.host + "/tiny/app:1"), true, settingsServer(refusing.host), System.getenv());

      assertTrue(message.startsWith(refusing.host + " asks for credentials, and Jib never sends them over plain HTTP"), message);
      assertTrue(refusing.authorizations().stream().noneMatch(header -> header.startsWith("Basic")), "nothing sent");
    }
  }

  @Test
  void badCredentials() throws Exception {
    String previous = System.getProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP);
    System.setProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP, "true");
    try (RefusingRegistry refusing = RefusingRegistry.requiringBasicAuth("ci", "right-password")) {
      String message = failure(pushing(refusing.host + "/tiny/app:1"), true, settingsServer(refusing.host), System.getenv());

      assertTrue(message.startsWith("Not authorized pushing " + refusing.host + "/tiny/app:1 (HTTP 401). " + refusing.host
          + " did not accept the credentials of settings.xml <server> '" + refusing.host + "': check the user name and"
          + " password (or token) there"), message);
      assertTrue(refusing.authorizations().stream().anyMatch(header -> header.startsWith("Basic ")), "sent them");
    } finally {
      if (previous == null) {
        System.clearProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP);
      } else {
        System.setProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP, previous);
      }
    }
  }

  @Test
  void requirementsPipCannotInstallForThePlatform() throws Exception {
    TinyProject.write(project, "requirements.txt", "cloudpickle==3.1.3\n");
    Map<String, String> environment = new HashMap<>(System.getenv());
    // No package index: pip finds no wheel, as it finds none for a package without one for the image's platform.
    environment.put("PIP_NO_INDEX", "1");

    String message = failure(pushing(registry.host + "/tiny/app:1"), true, RegistryCredentials.NONE, environment);

    assertTrue(message.startsWith("pip could not install the requirements of requirements.txt for the image (Python "), message);
    assertTrue(message.contains(", manylinux2014_x86_64, wheels only) with " + python + ":\n"), message);
    assertTrue(message.contains("  ERROR: No matching distribution found for cloudpickle==3.1.3\n"), message);
    assertTrue(message.contains("pin a version of each package named above that publishes such a wheel"), message);
    assertEquals(0, registry.requests().stream().filter(request -> request.contains("/tiny/app/")).count(), "nothing pushed");
  }

  @Test
  void aBaseImageThatDoesNotSayItsPython() throws Exception {
    TestImages.pushBase(registry, "base/distroless:1", Map.of());

    String message = failure(TinyProject.config(registry.host + "/tiny/app:1", registry.host + "/base/distroless:1", null));

    assertTrue(message.startsWith("The base image " + registry.host + "/base/distroless:1 does not declare which Python it"
        + " has (PYTHON_VERSION in its environment"), message);
    assertTrue(message.endsWith("set run_config.image_build.python_version, e.g. '3.11' (vertexai.yml)"), message);
  }

  @Test
  void aBaseImageForAnotherPlatform() throws Exception {
    Jib.fromScratch()
        .setPlatforms(Set.of(new Platform("arm64", "linux")))
        .containerize(
            Containerizer.to(RegistryImage.named(registry.host + "/base/arm:1"))
                .setAllowInsecureRegistries(true)
                .setBaseImageLayersCache(dir.resolve("jib/base"))
                .setApplicationLayersCache(dir.resolve("jib/application")));

    String message = failure(TinyProject.config(registry.host + "/tiny/app:1", registry.host + "/base/arm:1", "3.11"));

    assertEquals(
        "The base image " + registry.host + "/base/arm:1 is built for linux/arm64, but Vertex AI runs linux/amd64 images:"
            + " choose a base image for that platform (run_config.image_build.base_image)",
        message);
  }

  @Test
  void aRequirementThatInstallsTheProjectFromItsSources() throws Exception {
    TinyProject.write(project, "requirements.txt", "cloudpickle\n-e .\n");

    assertEquals(
        project.resolve("requirements.txt") + ":2: '-e .' installs a project from its sources; the dependency layer holds"
            + " only published packages (the project itself is in the project layer): remove the line",
        failure(pushing(registry.host + "/tiny/app:1")));
  }

  @Test
  void dependenciesDeclaredDynamic() throws Exception {
    TinyProject.write(project, "pyproject.toml", "[project]\nname = \"tiny\"\ndynamic = [\"dependencies\"]\n");

    assertEquals(
        project.resolve("pyproject.toml") + " declares its [project] dependencies dynamic, so they are not in the file:"
            + " list them in " + project.resolve("requirements.txt") + " for the image's dependency layer",
        failure(pushing(registry.host + "/tiny/app:1")));
  }

  private static RegistryCredentials settingsServer(String host) {
    return registry -> registry.equals(host)
        ? Optional.of(new RegistryCredential("ci", SECRET, "settings.xml <server> '" + host + "'"))
        : Optional.empty();
  }
}
