package dev.kedrovertexai.core.image;

import dev.kedrovertexai.core.config.VertexAiConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What building the task image needs.
 *
 * @param projectDir the Kedro project root
 * @param outputDir {@code target/vertexai}, where {@code image.json} goes
 * @param config the loaded config: {@code run_config.image} is the image built, {@code run_config.image_build}
 *     says how
 * @param python the interpreter whose pip installs the requirements
 * @param credentials the registry credentials the front end knows (settings.xml)
 * @param allowInsecureRegistries whether registries may be reached over plain HTTP or with untrusted certificates
 * @param tarball where to write the image as an OCI tarball instead of pushing it, or null to push
 * @param cacheDir where the installed requirements and the layers (the base image's, and Jib's compressed ones of
 *     this project) are kept between builds
 * @param environment the process environment (pip's settings, {@code GOOGLE_APPLICATION_CREDENTIALS})
 */
public record ImageRequest(
    Path projectDir,
    Path outputDir,
    VertexAiConfig config,
    String python,
    RegistryCredentials credentials,
    boolean allowInsecureRegistries,
    Path tarball,
    Path cacheDir,
    Map<String, String> environment) {

  public ImageRequest {
    Objects.requireNonNull(projectDir, "projectDir");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(python, "python");
    Objects.requireNonNull(cacheDir, "cacheDir");
    credentials = credentials == null ? RegistryCredentials.NONE : credentials;
    environment = Map.copyOf(environment);
  }

  /** {@code $XDG_CACHE_HOME/kedro-vertexai}, else {@code ~/.cache/kedro-vertexai}. */
  public static Path defaultCacheDir(Map<String, String> environment) {
    String xdg = environment.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("kedro-vertexai");
  }

  /** {@code target/vertexai/image.json}. */
  public Path imageFile() {
    return outputDir.resolve(BuiltImage.FILE);
  }
}
