package dev.kedrovertexai.core.goal;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.description.PythonLocator;
import dev.kedrovertexai.core.image.BuiltImage;
import dev.kedrovertexai.core.image.ImageBuilder;
import dev.kedrovertexai.core.image.ImageRequest;
import dev.kedrovertexai.core.image.RegistryCredentials;
import dev.kedrovertexai.core.workflow.ProjectSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * image: builds the image the tasks run, {@code run_config.image}, on {@code run_config.image_build.base_image}, pushes
 * it (or writes an OCI tarball) and records its digest in {@code image.json}, which the compiles after it in the
 * build then name the image by. Without a base image it does nothing, unless asked for by name.
 */
public final class ImageGoal {
  private ImageGoal() {}

  /**
   * @param project the project and its config values
   * @param credentials the registry credentials the front end knows, or null for none
   * @param allowInsecureRegistries whether registries may be reached over plain HTTP or with untrusted certificates
   * @param tarball where to write the image as an OCI tarball instead of pushing it, or null to push
   * @param cacheDir where installed requirements and layers are kept between builds, or null for {@code
   *     $XDG_CACHE_HOME/kedro-vertexai}, else {@code ~/.cache/kedro-vertexai}
   * @param skip build nothing: the compiles then name {@code run_config.image} as configured
   * @param requested the user asked for this goal by name (not through the build's lifecycle), so that a missing
   *     base image is an error rather than a reason to do nothing
   * @param compiledInThisBuild a compile already ran in this build, whose pipeline would not name the image: refused
   */
  public record Request(
      ProjectRequest project,
      RegistryCredentials credentials,
      boolean allowInsecureRegistries,
      Path tarball,
      Path cacheDir,
      boolean skip,
      boolean requested,
      boolean compiledInThisBuild) {
    public Request {
      Objects.requireNonNull(project, "project");
    }
  }

  /**
   * @param image the built image, or null when nothing was built
   * @param record its {@code image.json}, for the compiles after it in the build; null when nothing was built
   */
  public record Result(BuiltImage image, Path record) {
    static final Result NOTHING_BUILT = new Result(null, null);

    public boolean built() {
      return record != null;
    }
  }

  public static Result run(Request request, EventLog log) throws KedroVertexAiException {
    if (request.skip()) {
      log.info("Skipping image: {param:skipImage} is true");
      return Result.NOTHING_BUILT;
    }
    ProjectSettings settings = request.project().settings();
    VertexAiConfig config = Steps.loadConfig(settings, log);
    if (!config.runConfig().imageBuild().enabled() && !request.requested()) {
      log.info(
          "Skipping image: no base image to build on (set run_config.image_build.base_image, or"
              + " {param:baseImage})");
      return Result.NOTHING_BUILT;
    }
    if (request.compiledInThisBuild()) {
      throw new KedroVertexAiException(
          "{goal:image} runs after a compile of this build, whose pipeline would then not name the image it builds:"
              + " list the image goal before compile (and run-local, run-once, schedule) in {setting:goals}, or run"
              + " {goal:image} before them on the command line");
    }
    ImageRequest image =
        new ImageRequest(
            settings.projectDir(),
            settings.outputDir(),
            config,
            PythonLocator.locate(settings.python(), settings.projectDir(), settings.environment()),
            request.credentials(),
            request.allowInsecureRegistries(),
            request.tarball(),
            request.cacheDir() == null ? ImageRequest.defaultCacheDir(settings.environment()) : request.cacheDir(),
            settings.environment());
    BuiltImage built = new ImageBuilder(log).build(image);
    return new Result(built, image.imageFile());
  }
}
