package dev.kedrovertexai.core.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Version;
import dev.kedrovertexai.core.config.ImageBuildConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.image.DependencyInstaller.Installed;
import dev.kedrovertexai.core.image.RegistryReader.ImageFacts;
import dev.kedrovertexai.core.image.RegistryReader.Layer;
import dev.kedrovertexai.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the task image with Jib Core, without a Docker daemon, and records it in {@code image.json}. Layers, most
 * stable first: the base image; the project's requirements, installed for the image's platform (reused while
 * they do not change); the project ({@code pyproject.toml}, its package, {@code conf/} without {@code
 * conf/local}). Every file has a fixed time, owner and order, so the same inputs give the same digest. The image
 * is pushed to the registry of {@code run_config.image} or written as an OCI tarball.
 */
public final class ImageBuilder {
  /** The project root in the image, and its working directory: where the task runtime runs Kedro. */
  public static final String PROJECT_DIR = "/app";
  /** Where the dependency layer installs the requirements; on the image's {@code PYTHONPATH}. */
  public static final String DEPENDENCIES_DIR = "/opt/dependencies";
  static final String DEPENDENCIES_LAYER = "dependencies";
  static final String PROJECT_LAYER = "project";

  /** Console scripts: their first line names the build machine's Python, so they would not run in the image. */
  private static final String SCRIPTS_DIR = "bin";
  private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
  /**
   * How Jib reports a blob the target registry already has, so that it is not pushed (nor, for a base layer,
   * pulled): {@code Skipping push; BLOB already exists on target registry : digest: sha256:..., size: ...}.
   */
  private static final Pattern ALREADY_PUSHED =
      Pattern.compile("^Skipping (?:push|pull); BLOB already exists on target registry.*?(sha256:[0-9a-f]{64})");

  private final EventLog log;

  public ImageBuilder(EventLog log) {
    this.log = log;
  }

  public BuiltImage build(ImageRequest request) throws KedroVertexAiException {
    long start = System.nanoTime();
    // Whatever this build ends with, a compile never names an image an earlier build recorded.
    delete(request.imageFile());
    VertexAiConfig config = request.config();
    ImageBuildConfig build = config.runConfig().imageBuild();
    if (!build.enabled()) {
      throw new KedroVertexAiException(
          "No base image to build " + config.runConfig().image() + " on: set run_config.image_build.base_image in"
              + " conf/base/vertexai.yml (e.g. python:3.11-slim), or -Dvertexai.baseImage=<image>");
    }
    ImageReference target = parse(config.runConfig().image(), JibFailures.TARGET_KEY, config);
    ImageReference base = parse(build.baseImage(), JibFailures.BASE_KEY, config);
    RegistryAuth auth = new RegistryAuth(request.credentials(), request.environment());
    JibFailures failures = new JibFailures(config, base, target, auth);

    PyProject pyproject = PyProject.read(request.projectDir());
    Requirements requirements = Requirements.of(request.projectDir(), pyproject);
    ProjectFiles project = ProjectFiles.select(request.projectDir(), pyproject, request.environment());

    try (RegistryReader registry = new RegistryReader(auth, request.allowInsecureRegistries(), log)) {
      ImageFacts baseFacts = registry.inspect(base);
      checkPlatform(base, baseFacts);
      String pythonVersion = pythonVersion(build, base, baseFacts, config);
      log.info(
          "Building " + target + " on " + build.baseImage() + " (" + shortDigest(baseFacts.digest()) + ", Python "
              + pythonVersion + ")");
      Installed dependencies = null;
      if (requirements.isEmpty()) {
        log.info("No requirements in requirements.txt or pyproject.toml [project] dependencies: no dependency layer");
      } else {
        dependencies =
            new DependencyInstaller(log)
                .install(requirements, request.python(), pythonVersion, request.cacheDir(), request.environment());
        log.info(
            "Dependency layer: " + dependencies.packages() + " packages from " + requirements.source()
                + (dependencies.reused()
                    ? ", reused: the requirements did not change since they were installed in " + dependencies.dir()
                    : ", installed in " + dependencies.dir()));
      }
      JibContainerBuilder image =
          Jib.from(
                  RegistryImage.named(base.withQualifier(baseFacts.digest()))
                      .addCredentialRetriever(auth.retriever(base.getRegistry())))
              .setFormat(ImageFormat.OCI)
              .setPlatforms(Set.of(new Platform(RegistryReader.ARCHITECTURE, RegistryReader.OS)))
              .setCreationTime(Instant.EPOCH)
              .setWorkingDirectory(AbsoluteUnixPath.get(PROJECT_DIR));
      if (dependencies != null) {
        image.addFileEntriesLayer(dependencyLayer(dependencies.dir()));
        image.addEnvironmentVariable("PYTHONPATH", DEPENDENCIES_DIR);
      }
      image.addFileEntriesLayer(projectLayer(request.projectDir(), project));

      Set<String> alreadyThere = new HashSet<>();
      Path tarball = request.tarball() == null ? null : request.tarball().toAbsolutePath();
      // Written beside the tarball and moved into place, so that a failed build leaves no half archive.
      Path partialTarball = tarball == null ? null : tarball.resolveSibling("." + tarball.getFileName() + ".partial");
      if (tarball != null) {
        Files.createDirectories(tarball.getParent());
      }
      Containerizer containerizer =
          (tarball == null
                  ? Containerizer.to(
                      RegistryImage.named(target).addCredentialRetriever(auth.retriever(target.getRegistry())))
                  : Containerizer.to(TarImage.at(partialTarball).named(target)))
              .setAllowInsecureRegistries(request.allowInsecureRegistries())
              .setBaseImageLayersCache(request.cacheDir().resolve("jib-base-layers"))
              // Beside the installed requirements, so that a clean build does not compress them again.
              .setApplicationLayersCache(request.cacheDir().resolve("jib-layers"))
              .setToolName("kedro-vertexai")
              .setToolVersion(Version.get())
              .addEventHandler(
                  LogEvent.class, event -> jibEvent(event, alreadyThere, request.allowInsecureRegistries()));
      JibContainer container;
      try {
        container = image.containerize(containerizer);
        if (tarball != null) {
          Files.move(partialTarball, tarball, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        if (partialTarball != null) {
          Files.deleteIfExists(partialTarball);
        }
      }

      BuiltImage built =
          new BuiltImage(
              config.runConfig().image(), container.getDigest().toString(), build.baseImage(), baseFacts.digest(),
              tarball == null ? null : tarball.toString());
      double seconds = (System.nanoTime() - start) / 1e9;
      if (tarball == null) {
        List<Layer> layers = registry.layers(target.withQualifier(built.digest()));
        log.info(String.format(Locale.ROOT, "Pushed %s in %.1f s", built.reference(), seconds));
        report(layers, dependencies != null, alreadyThere);
      } else {
        log.info(
            String.format(
                Locale.ROOT, "Wrote %s to %s in %.1f s (an OCI image layout in a tar archive)", built.reference(),
                tarball, seconds));
      }
      AtomicFiles.write(request.imageFile(), built.toJson());
      log.info("Recorded it in " + request.imageFile() + ": the pipeline compiled in this build runs it by digest");
      return built;
    } catch (RegistryException | ExecutionException e) {
      throw failures.explain(e);
    } catch (IOException e) {
      throw failures.explain(e);
    } catch (CacheDirectoryCreationException e) {
      throw new KedroVertexAiException(
          "Cannot create Jib's layer cache under " + request.cacheDir() + ": "
              + e.getMessage() + " (set -Dvertexai.imageCacheDir to a writable folder)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KedroVertexAiException("Interrupted while building the image " + target, e);
    }
  }

  private void jibEvent(LogEvent event, Set<String> alreadyThere, boolean insecureAllowed) {
    String message = event.getMessage();
    Matcher skipped = ALREADY_PUSHED.matcher(message);
    if (skipped.find()) {
      synchronized (alreadyThere) {
        alreadyThere.add(skipped.group(1));
      }
    }
    // Falling back to HTTP is what allowInsecureRegistries asked for: no warning each time it happens.
    boolean expected = insecureAllowed && message.contains("Attempting again with");
    if (!expected && (event.getLevel() == LogEvent.Level.WARN || event.getLevel() == LogEvent.Level.ERROR)) {
      log.warn("[jib] " + message);
    } else {
      log.debug("[jib] " + message);
    }
  }

  /** Which layers the registry already had, which were pushed: the last one or two layers are this build's. */
  private void report(List<Layer> layers, boolean withDependencies, Set<String> alreadyThere) {
    int own = withDependencies ? 2 : 1;
    List<Layer> baseLayers = layers.subList(0, Math.max(0, layers.size() - own));
    long baseThere = baseLayers.stream().filter(layer -> alreadyThere.contains(layer.digest())).count();
    log.info(
        String.format(
            Locale.ROOT, "  %-13s %d layers, %d already in the registry, %d pushed", "base", baseLayers.size(),
            baseThere, baseLayers.size() - baseThere));
    List<String> names = withDependencies ? List.of(DEPENDENCIES_LAYER, PROJECT_LAYER) : List.of(PROJECT_LAYER);
    for (int i = 0; i < names.size() && baseLayers.size() + i < layers.size(); i++) {
      Layer layer = layers.get(baseLayers.size() + i);
      log.info(
          String.format(
              Locale.ROOT, "  %-13s %s %9s  %s", names.get(i), shortDigest(layer.digest()), size(layer.size()),
              alreadyThere.contains(layer.digest()) ? "already in the registry" : "pushed"));
    }
  }

  private FileEntriesLayer dependencyLayer(Path site) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(DEPENDENCIES_LAYER);
    AbsoluteUnixPath root = AbsoluteUnixPath.get(DEPENDENCIES_DIR);
    try (Stream<Path> files = Files.walk(site)) {
      for (Path file : files.sorted().toList()) {
        Path relative = site.relativize(file);
        if (!Files.isRegularFile(file) || relative.getName(0).toString().equals(SCRIPTS_DIR)) {
          continue;
        }
        layer.addEntry(
            file,
            root.resolve(relative.toString().replace('\\', '/')),
            Files.isExecutable(file) ? EXECUTABLE : FilePermissions.DEFAULT_FILE_PERMISSIONS,
            FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
      }
    }
    return layer.build();
  }

  private FileEntriesLayer projectLayer(Path projectDir, ProjectFiles project) {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(PROJECT_LAYER);
    AbsoluteUnixPath root = AbsoluteUnixPath.get(PROJECT_DIR);
    for (Map.Entry<String, Path> file : project.files().entrySet()) {
      layer.addEntry(
          file.getValue(), root.resolve(file.getKey()), FilePermissions.DEFAULT_FILE_PERMISSIONS,
          FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
    }
    // An empty conf/local: Kedro's default env must exist as a folder. Jib takes only a directory entry from it.
    layer.addEntry(
        projectDir.resolve("conf"), root.resolve(ProjectFiles.LOCAL_CONF), FilePermissions.DEFAULT_FOLDER_PERMISSIONS,
        FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
    log.info(
        "Project layer: " + project.files().size() + " files (pyproject.toml, the package sources, conf/ without"
            + " conf/local)" + (project.leftOut().isEmpty() ? "" : "; left out as credentials: "
            + String.join(", ", project.leftOut())));
    return layer.build();
  }

  private static void checkPlatform(ImageReference base, ImageFacts facts) throws KedroVertexAiException {
    boolean amd64 = facts.architecture().isEmpty() || facts.architecture().equals(RegistryReader.ARCHITECTURE);
    boolean linux = facts.os().isEmpty() || facts.os().equals(RegistryReader.OS);
    if (!amd64 || !linux) {
      throw new KedroVertexAiException(
          "The base image " + base + " is built for " + facts.os() + "/" + facts.architecture() + ", but Vertex AI runs "
              + RegistryReader.OS + "/" + RegistryReader.ARCHITECTURE + " images: choose a base image for that"
              + " platform (run_config.image_build.base_image)");
    }
  }

  private static String pythonVersion(
      ImageBuildConfig build, ImageReference base, ImageFacts facts, VertexAiConfig config)
      throws KedroVertexAiException {
    if (build.pythonVersion() != null) {
      return build.pythonVersion();
    }
    String declared = facts.environment().get("PYTHON_VERSION");
    if (declared != null && ImageBuildConfig.checkPythonVersion(declared).isEmpty()) {
      return declared;
    }
    throw new KedroVertexAiException(
        "The base image " + base + " does not declare which Python it has (PYTHON_VERSION in its environment, as"
            + " the official python images do"
            + (declared == null ? "" : "; it says '" + declared + "'") + "), which the requirements are installed"
            + " for: set run_config.image_build.python_version, e.g. '3.11' (" + config.originOf("run_config.image_build")
            + ")");
  }

  private static ImageReference parse(String image, String key, VertexAiConfig config) throws KedroVertexAiException {
    try {
      return ImageReference.parse(image);
    } catch (InvalidImageReferenceException e) {
      throw new KedroVertexAiException(
          config.originOf(key) + ": " + key + ": '" + image + "' is not an image reference Jib accepts: "
              + e.getMessage());
    }
  }

  private static void delete(Path file) throws KedroVertexAiException {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot remove the earlier " + file + ": " + e.getMessage(), e);
    }
  }

  static String shortDigest(String digest) {
    return digest.length() > "sha256:".length() + 12 ? digest.substring(0, "sha256:".length() + 12) : digest;
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
