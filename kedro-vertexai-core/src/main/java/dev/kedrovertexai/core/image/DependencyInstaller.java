package dev.kedrovertexai.core.image;

import dev.kedrovertexai.core.EventLog;
import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Installs the project's requirements for the image's platform, with the project's pip, into a folder of the
 * cache named by a hash of everything that decides what pip installs: pip runs again only when that changes, and
 * the folder (so the layer) is otherwise reused as it is.
 */
final class DependencyInstaller {
  /** The wheels pip may take: Vertex AI runs linux/amd64, and manylinux2014 wheels run on every current Python base image. */
  static final String PLATFORM = "manylinux2014_x86_64";

  /** Part of every cache key: bump it when the way the folder is made changes. */
  private static final String LAYOUT = "1";
  /** pip's settings that change which packages it finds; hashed, never logged (index URLs may hold tokens). */
  private static final List<String> PIP_SOURCES =
      List.of("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_NO_INDEX", "PIP_CONSTRAINT");
  private static final String COMPLETE = ".complete";
  private static final int ERROR_LINES = 12;
  /** One lock per cache folder in this JVM; the file lock alone would throw for two threads of one build. */
  private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

  /**
   * The installed folder.
   *
   * @param dir what {@code pip install --target} made: the content of the dependency layer
   * @param key the cache key, a hash of the inputs
   * @param reused whether an earlier build had installed the same requirements
   * @param packages the number of installed distributions
   */
  record Installed(Path dir, String key, boolean reused, int packages) {}

  private final EventLog log;

  DependencyInstaller(EventLog log) {
    this.log = log;
  }

  Installed install(
      Requirements requirements, String python, String pythonVersion, Path cacheRoot, Map<String, String> environment)
      throws KedroVertexAiException {
    String key = key(requirements, pythonVersion, environment);
    Path entry = cacheRoot.resolve("python-dependencies").resolve(key);
    Path site = entry.resolve("site");
    synchronized (IN_PROCESS.computeIfAbsent(entry, path -> new Object())) {
      try {
        Files.createDirectories(entry.getParent());
        try (FileChannel channel =
                FileChannel.open(
                    entry.resolveSibling(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = channel.lock()) {
          if (Files.isRegularFile(entry.resolve(COMPLETE))) {
            return new Installed(site, key, true, packages(site));
          }
          run(requirements, python, pythonVersion, entry, environment);
          return new Installed(site, key, false, packages(site));
        }
      } catch (IOException e) {
        throw new KedroVertexAiException("Cannot use the dependency cache " + entry + ": " + e.getMessage(), e);
      }
    }
  }

  private void run(
      Requirements requirements, String python, String pythonVersion, Path entry, Map<String, String> environment)
      throws IOException, KedroVertexAiException {
    if (Files.exists(entry)) {
      // Left by an interrupted install: the marker is its last step.
      deleteTree(entry);
    }
    Path site = Files.createDirectories(entry.resolve("site"));
    Path file = requirements.file();
    if (file == null) {
      file = Files.writeString(entry.resolve(Requirements.REQUIREMENTS_TXT), String.join("\n", requirements.lines()) + "\n");
    }
    Path output = entry.resolveSibling(entry.getFileName() + ".log");
    List<String> command =
        List.of(
            python, "-m", "pip", "install", "--no-input", "--disable-pip-version-check", "--no-compile",
            "--no-warn-script-location", "--target", site.toString(), "--platform", PLATFORM, "--implementation",
            "cp", "--python-version", pythonVersion, "--only-binary=:all:", "-r", file.toString());
    log.info(
        "Installing the " + requirements.count() + " requirements of " + requirements.source() + " for the image"
            + " (Python " + pythonVersion + ", " + PLATFORM + ") with " + python + "; pip's output: " + output);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new KedroVertexAiException(
          "Cannot run the Python interpreter '" + python + "' to install the image's requirements: " + e.getMessage()
              + ". Choose one that has pip with -Dvertexai.python=<path> or KEDRO_PYTHON");
    }
    int exit;
    try {
      process.getOutputStream().close();
      exit = process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      deleteTree(entry);
      throw new KedroVertexAiException("Interrupted while pip installed the image's requirements", e);
    }
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    lines.forEach(line -> log.debug("[pip] " + line));
    if (exit != 0) {
      deleteTree(entry);
      throw new KedroVertexAiException(failure(requirements, python, pythonVersion, lines, output));
    }
    Files.writeString(entry.resolve(COMPLETE), "complete\n");
  }

  private static String failure(
      Requirements requirements, String python, String pythonVersion, List<String> output, Path outputFile) {
    List<String> errors = new ArrayList<>();
    for (String line : output) {
      if (line.startsWith("ERROR:") || line.contains("No module named pip")) {
        errors.add("  " + line.strip());
      }
    }
    if (errors.isEmpty()) {
      output.stream().skip(Math.max(0, output.size() - ERROR_LINES)).forEach(line -> errors.add("  " + line));
    }
    List<String> shown = errors.subList(Math.max(0, errors.size() - ERROR_LINES), errors.size());
    String fix = String.join("\n", shown).contains("No module named pip")
        ? "That Python has no pip: choose one that has with -Dvertexai.python=<path> or KEDRO_PYTHON."
        : "The image takes only wheels built for " + PLATFORM + " and Python " + pythonVersion + ": pin a version"
            + " of each package named above that publishes such a wheel (see its files on PyPI), or remove it from "
            + requirements.source() + ". If the base image's Python is another, set"
            + " run_config.image_build.python_version.";
    return "pip could not install the requirements of " + requirements.source() + " for the image (Python "
        + pythonVersion + ", " + PLATFORM + ", wheels only) with " + python + ":\n" + String.join("\n", shown) + "\n"
        + fix + " pip's full output: " + outputFile;
  }

  private static int packages(Path site) throws IOException {
    try (Stream<Path> entries = Files.list(site)) {
      return (int) entries.filter(path -> path.getFileName().toString().endsWith(".dist-info")).count();
    }
  }

  static String key(Requirements requirements, String pythonVersion, Map<String, String> environment) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<String> parts = new ArrayList<>(List.of(LAYOUT, PLATFORM, pythonVersion, requirements.fingerprint()));
    for (String variable : PIP_SOURCES) {
      parts.add(variable + "=" + environment.getOrDefault(variable, ""));
    }
    for (String part : parts) {
      digest.update(part.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
