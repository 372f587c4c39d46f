package dev.kedrovertexai.maven;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.PythonLocator;
import dev.kedrovertexai.core.image.ImageBuilder;
import dev.kedrovertexai.core.image.ImageRequest;
import dev.kedrovertexai.core.image.RegistryCredential;
import dev.kedrovertexai.core.image.RegistryCredentials;
import dev.kedrovertexai.core.workflow.CompileWorkflow;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.io.File;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Builds the image the tasks run, {@code run_config.image}, with Jib Core and without a Docker daemon: on {@code
 * run_config.image_build.base_image}, a layer with the project's requirements installed for the image's platform
 * and a layer with the project. Pushes it to its registry (or writes an OCI tarball) and records its digest in
 * {@code target/vertexai/image.json}, so that the compile later in the same build names the image by digest.
 *
 * <p>Bound to {@code package}; list it before {@code compile}. Without a base image it does nothing, so a build
 * that builds no image does not change. Registries are reached with the credentials of a {@code settings.xml}
 * {@code <server>} whose id is the registry's host, else, for Artifact Registry and Container Registry, with
 * Application Default Credentials.
 *
 * @since 0.1.0
 */
@Mojo(name = "image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ImageMojo extends AbstractVertexAiMojo {
  /** Project context: the {@code image.json} of the image built in this build, which its compiles pin to. */
  static final String BUILT_IMAGE = "kedro-vertexai.builtImage";
  /** Project context: set by every compile, so that an image built after it is caught instead of ignored. */
  static final String COMPILED = "kedro-vertexai.compiled";

  /**
   * Allow registries on plain HTTP or with certificates this machine does not trust, as Jib's option of the
   * same name. Credentials are never sent over plain HTTP.
   */
  @Parameter(property = "vertexai.allowInsecureRegistries", defaultValue = "false")
  boolean allowInsecureRegistries;

  /** Write the image into this OCI tarball instead of pushing it; no registry is contacted for it. */
  @Parameter(property = "vertexai.imageTarball")
  File imageTarball;

  /**
   * Where the installed requirements and the base image's layers are kept between builds. Default: {@code
   * $XDG_CACHE_HOME/kedro-vertexai}, else {@code ~/.cache/kedro-vertexai}.
   */
  @Parameter(property = "vertexai.imageCacheDir")
  File imageCacheDir;

  /** Skip building the image: the compile then names {@code run_config.image} as configured. */
  @Parameter(property = "vertexai.skipImage", defaultValue = "false")
  boolean skipImage;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  MojoExecution mojoExecution;

  @Component SettingsDecrypter settingsDecrypter;

  @Override
  void run(ProjectSettings settings, EventLog log) throws KedroVertexAiException {
    if (skipImage) {
      log.info("Skipping image: vertexai.skipImage is true");
      return;
    }
    CompileWorkflow workflow = new CompileWorkflow(log);
    VertexAiConfig config = workflow.loadConfig(settings);
    boolean fromCommandLine = mojoExecution != null && mojoExecution.getSource() == MojoExecution.Source.CLI;
    if (!config.runConfig().imageBuild().enabled() && !fromCommandLine) {
      log.info(
          "Skipping image: no base image to build on (set run_config.image_build.base_image, or"
              + " -Dvertexai.baseImage)");
      return;
    }
    if (project != null && project.getContextValue(COMPILED) != null) {
      throw new KedroVertexAiException(
          "vertexai:image runs after a compile of this build, whose pipeline would then not name the image it builds:"
              + " list the image goal before compile (and run-local, run-once, schedule) in the POM's <goals>, or run"
              + " mvn vertexai:image before them on the command line");
    }
    ImageRequest request =
        new ImageRequest(
            settings.projectDir(),
            settings.outputDir(),
            config,
            PythonLocator.locate(settings.python(), settings.projectDir(), settings.environment()),
            settingsServers(),
            allowInsecureRegistries,
            imageTarball == null ? null : imageTarball.toPath(),
            imageCacheDir == null ? ImageRequest.defaultCacheDir(settings.environment()) : imageCacheDir.toPath(),
            settings.environment());
    new ImageBuilder(log).build(request);
    if (project != null) {
      project.setContextValue(BUILT_IMAGE, request.imageFile().toString());
    }
  }

  private RegistryCredentials settingsServers() {
    return settingsServers(session == null ? null : session.getSettings(), settingsDecrypter, new MavenEventLog(getLog()));
  }

  /** The {@code <server>} of settings.xml whose id is the registry's host, its password decrypted. */
  static RegistryCredentials settingsServers(Settings settings, SettingsDecrypter decrypter, EventLog log) {
    return registry -> {
      Server server = settings == null ? null : settings.getServer(registry);
      if (server == null) {
        return Optional.empty();
      }
      if (decrypter != null) {
        SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        decrypted.getProblems().forEach(problem -> log.warn("settings.xml <server> '" + registry + "': " + problem.getMessage()));
        server = decrypted.getServer() == null ? server : decrypted.getServer();
      }
      if (server.getUsername() == null || server.getPassword() == null) {
        log.warn("settings.xml <server> '" + registry + "' has no <username> and <password>: sending no credentials");
        return Optional.empty();
      }
      return Optional.of(
          new RegistryCredential(server.getUsername(), server.getPassword(), "settings.xml <server> '" + registry + "'"));
    };
  }

  @Override
  String goalName() {
    return "image";
  }
}
