package dev.kedrovertexai.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.image.BuiltImage;
import dev.kedrovertexai.core.image.RegistryCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image goal in a build: off without a base image (unless asked for on the command line), refused after a
 * compile, handing its image.json to the compiles after it, and reading registry credentials from settings.xml.
 */
class ImageMojoTest {
  private static final String IMAGE = GoalTestProject.IMAGE;
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @TempDir Path dir;
  private GoalTestProject tiny;
  private MavenProject project;

  @BeforeEach
  void projectFiles() throws Exception {
    tiny = new GoalTestProject(dir).config();
    project = tiny.maven;
  }

  private <T extends AbstractVertexAiMojo> T configure(T mojo) {
    return tiny.configure(mojo);
  }

  private ImageMojo image(MojoExecution.Source source) {
    ImageMojo mojo = configure(new ImageMojo());
    mojo.mojoExecution = new MojoExecution(new MojoDescriptor(), "default", source);
    return mojo;
  }

  @Test
  void boundToTheLifecycleItDoesNothingWithoutABaseImage() throws Exception {
    image(MojoExecution.Source.LIFECYCLE).execute();

    assertFalse(Files.exists(dir.resolve("target/vertexai/image.json")));
    assertEquals(null, project.getContextValue(ImageMojo.BUILT_IMAGE));
  }

  @Test
  void askedForOnTheCommandLineItNamesTheMissingBaseImage() {
    MojoFailureException failure =
        assertThrows(MojoFailureException.class, () -> image(MojoExecution.Source.CLI).execute());

    assertEquals(
        "No base image to build " + IMAGE + " on: set run_config.image_build.base_image in conf/base/vertexai.yml (e.g."
            + " python:3.11-slim), or -Dvertexai.baseImage=<image>",
        failure.getMessage());
  }

  @Test
  void afterACompileOfTheSameBuildItRefusesToRun() throws Exception {
    configure(new CompileMojo()).execute();
    ImageMojo image = image(MojoExecution.Source.LIFECYCLE);
    image.baseImage = "python:3.11-slim";

    MojoFailureException failure = assertThrows(MojoFailureException.class, image::execute);

    assertTrue(failure.getMessage().contains("list the image goal before compile"), failure.getMessage());
  }

  @Test
  void theCompileAfterItNamesItsImageByDigest() throws Exception {
    Path record = Files.createDirectories(dir.resolve("target/vertexai")).resolve("image.json");
    Files.writeString(record, new BuiltImage(IMAGE, DIGEST, "python:3.11-slim", DIGEST, null).toJson());
    project.setContextValue(ImageMojo.BUILT_IMAGE, record.toString());

    configure(new CompileMojo()).execute();

    String spec = Files.readString(dir.resolve("target/vertexai/pipeline.json"));
    assertTrue(spec.contains("\"image\": \"europe-west4-docker.pkg.dev/my-project/kedro/tiny@" + DIGEST + "\""), spec);
  }

  @Test
  void aCompileWithoutAnImageOfThisBuildIgnoresAnEarlierImageJson() throws Exception {
    Path record = Files.createDirectories(dir.resolve("target/vertexai")).resolve("image.json");
    Files.writeString(record, new BuiltImage(IMAGE, DIGEST, "python:3.11-slim", DIGEST, null).toJson());

    configure(new CompileMojo()).execute();

    JsonAssert.imageOf(dir.resolve("target/vertexai/pipeline.json"), IMAGE);
  }

  @Test
  void registryCredentialsComeFromTheSettingsServerNamedAfterTheRegistry() {
    Settings settings = new Settings();
    Server server = new Server();
    server.setId("europe-west4-docker.pkg.dev");
    server.setUsername("_json_key");
    server.setPassword("{encrypted}");
    settings.addServer(server);
    Server incomplete = new Server();
    incomplete.setId("registry.example.com");
    settings.addServer(incomplete);
    List<String> warnings = new ArrayList<>();

    var credentials = ImageMojo.settingsServers(settings, new Decrypting(), new Warnings(warnings));

    assertEquals(
        Optional.of(
            new RegistryCredential("_json_key", "decrypted", "settings.xml <server> 'europe-west4-docker.pkg.dev'")),
        credentials.forRegistry("europe-west4-docker.pkg.dev"));
    assertEquals(Optional.empty(), credentials.forRegistry("gcr.io"));
    assertEquals(Optional.empty(), credentials.forRegistry("registry.example.com"));
    assertEquals(
        List.of("settings.xml <server> 'registry.example.com' has no <username> and <password>: sending no credentials"),
        warnings);
  }

  /** Decrypts every password to {@code decrypted}, as Maven's decrypter would with a master password. */
  private static final class Decrypting implements SettingsDecrypter {
    @Override
    public SettingsDecryptionResult decrypt(SettingsDecryptionRequest request) {
      List<Server> servers = new ArrayList<>();
      for (Server server : request.getServers()) {
        Server copy = server.clone();
        if (copy.getPassword() != null) {
          copy.setPassword("decrypted");
        }
        servers.add(copy);
      }
      return new SettingsDecryptionResult() {
        @Override
        public Server getServer() {
          return servers.isEmpty() ? null : servers.get(0);
        }

        @Override
        public List<Server> getServers() {
          return servers;
        }

        @Override
        public org.apache.maven.settings.Proxy getProxy() {
          return null;
        }

        @Override
        public List<org.apache.maven.settings.Proxy> getProxies() {
          return List.of();
        }

        @Override
        public List<SettingsProblem> getProblems() {
          return List.of();
        }
      };
    }
  }

  private record Warnings(List<String> lines) implements EventLog {
    @Override
    public void debug(String message) {}

    @Override
    public void info(String message) {}

    @Override
    public void warn(String message) {
      lines.add(message);
    }
  }

  /** Reads the image of a compiled spec's executors. */
  private static final class JsonAssert {
    static void imageOf(Path spec, String image) throws Exception {
      var executors = new ObjectMapper().readTree(spec.toFile()).path("deploymentSpec").path("executors");
      executors.forEach(executor -> assertEquals(image, executor.path("container").path("image").asText()));
      assertTrue(executors.size() > 0);
    }
  }
}
