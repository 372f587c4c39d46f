package dev.kedrovertexai.core.description;

import dev.kedrovertexai.core.python.PythonScripts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A hash of everything a live pipeline description depends on: the project's {@code pyproject.toml}, its
 * package's sources, {@code conf/base} and {@code conf/<env>}, the interpreter (its path, and for a virtualenv
 * the name and version of every installed package), {@code PYTHONPATH}, the describe script and the plugin's
 * version. Equal fingerprints mean introspection would print the same description, so a compile can reuse the
 * last one without starting Python.
 */
public final class DescriptionFingerprint {
  private static final Pattern SOURCE_DIR = Pattern.compile("(?m)^\\s*source_dir\\s*=\\s*[\"']([^\"']+)[\"']");

  /**
   * kedro-telemetry writes its project id into {@code [tool.kedro_telemetry]} on a project's first Kedro run;
   * it changes nothing about the pipelines, and must not make the next compile describe again.
   */
  private static final Pattern TELEMETRY_TABLE =
      Pattern.compile("(?ms)^\\s*\\[\\s*tool\\.kedro_telemetry\\s*].*?(?=^\\s*\\[|\\z)");

  private DescriptionFingerprint() {}

  public static String of(
      Path projectDir, String env, String python, Map<String, String> environment, String pluginVersion)
      throws IOException {
    MessageDigest digest = sha256();
    add(digest, "plugin " + pluginVersion);
    add(digest, "script " + PythonScripts.describeScript());
    add(digest, "env " + env);
    add(digest, "PYTHONPATH " + environment.getOrDefault("PYTHONPATH", ""));
    addInterpreter(digest, python, environment);
    Path pyproject = projectDir.resolve("pyproject.toml");
    String sources = "src";
    if (Files.isRegularFile(pyproject)) {
      String text = Files.readString(pyproject, StandardCharsets.UTF_8);
      add(digest, "pyproject.toml " + TELEMETRY_TABLE.matcher(text).replaceAll(""));
      Matcher configured = SOURCE_DIR.matcher(text);
      if (configured.find()) {
        sources = configured.group(1);
      }
    } else {
      add(digest, "no pyproject.toml");
    }
    addTree(digest, projectDir, projectDir.resolve(sources));
    addTree(digest, projectDir, projectDir.resolve("conf").resolve("base"));
    if (env != null && !env.isBlank() && !env.equals("base")) {
      addTree(digest, projectDir, projectDir.resolve("conf").resolve(env));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * The interpreter as found on the PATH, and what is installed for it: the {@code *.dist-info} folder names of
   * a virtualenv's site-packages carry each package's name and version. A system interpreter is taken by its
   * path and modification time.
   */
  private static void addInterpreter(MessageDigest digest, String python, Map<String, String> environment)
      throws IOException {
    add(digest, "python " + python);
    Path interpreter = onPath(python, environment.getOrDefault("PATH", ""));
    if (interpreter == null) {
      return;
    }
    add(digest, "resolved " + interpreter.toRealPath());
    Path venv = interpreter.getParent() == null ? null : interpreter.getParent().getParent();
    if (venv != null && Files.isRegularFile(venv.resolve("pyvenv.cfg"))) {
      addFile(digest, venv, venv.resolve("pyvenv.cfg"));
      Path lib = venv.resolve("lib");
      if (Files.isDirectory(lib)) {
        try (Stream<Path> versions = Files.list(lib)) {
          for (Path sitePackages : versions.map(version -> version.resolve("site-packages")).sorted().toList()) {
            if (Files.isDirectory(sitePackages)) {
              try (Stream<Path> entries = Files.list(sitePackages)) {
                entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> name.endsWith(".dist-info"))
                    .sorted()
                    .forEach(name -> add(digest, "installed " + name));
              }
            }
          }
        }
      }
    } else {
      add(digest, "modified " + Files.getLastModifiedTime(interpreter.toRealPath()));
    }
  }

  private static Path onPath(String python, String path) {
    Path given = Path.of(python);
    if (given.isAbsolute() || python.contains(File.separator)) {
      return Files.isRegularFile(given) ? given.toAbsolutePath() : null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, python))) {
        return Path.of(dir, python);
      }
    }
    return null;
  }

  private static void addTree(MessageDigest digest, Path projectDir, Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      add(digest, "absent " + projectDir.relativize(root));
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(file -> !file.toString().contains("__pycache__") && !file.toString().endsWith(".pyc"))
              .sorted()
              .toList();
    }
    for (Path file : files) {
      addFile(digest, projectDir, file);
    }
  }

  private static void addFile(MessageDigest digest, Path base, Path file) throws IOException {
    add(digest, "file " + base.relativize(file).toString().replace('\\', '/'));
    if (Files.isRegularFile(file)) {
      digest.update(Files.readAllBytes(file));
    }
  }

  private static void add(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
