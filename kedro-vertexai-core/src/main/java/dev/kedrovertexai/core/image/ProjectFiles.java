package dev.kedrovertexai.core.image;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of the project layer: {@code pyproject.toml}, the package sources ({@code [tool.kedro] source_dir})
 * and {@code conf/} without {@code conf/local}. Never data, never a credentials file (Kedro's {@code credentials*}
 * pattern, at any depth, and the key file {@code GOOGLE_APPLICATION_CREDENTIALS} names), never what Python, a build
 * or an editor leave behind ({@code __pycache__}, {@code *.pyc}, {@code *.egg-info}, hidden files). Symbolic links
 * are not followed, so nothing outside the project gets in.
 *
 * @param files the files, by their path relative to the project root ({@code /}-separated), in that order
 * @param leftOut credentials files found where the layer takes files from, and left out (relative paths)
 */
record ProjectFiles(Map<String, Path> files, List<String> leftOut) {
  /** Kedro's default env, whose folder the layer keeps empty (Kedro refuses to run without it). */
  static final String LOCAL_CONF = "conf/local";

  ProjectFiles {
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    leftOut = leftOut.stream().sorted().toList();
  }

  static ProjectFiles select(Path projectDir, PyProject pyproject, Map<String, String> environment)
      throws KedroVertexAiException {
    Path root = projectDir.toAbsolutePath().normalize();
    Path keyFile = keyFile(environment);
    Map<String, Path> files = new TreeMap<>();
    List<String> leftOut = new ArrayList<>();
    files.put(PyProject.FILE, root.resolve(PyProject.FILE));
    String sourceDir = pyproject.sourceDir();
    Path sources = root.resolve(sourceDir).normalize();
    if (!sources.startsWith(root) || sources.equals(root)) {
      throw new KedroVertexAiException(
          root.resolve(PyProject.FILE) + ": [tool.kedro] source_dir '" + sourceDir + "' must be a folder inside the"
              + " project, such as src");
    }
    for (Path folder : List.of(sources, root.resolve("conf"))) {
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        throw new KedroVertexAiException(
            folder + " does not exist: a Kedro project has its package under [tool.kedro] source_dir (src by"
                + " default) and its configuration under conf/");
      }
      collect(root, folder, keyFile, files, leftOut);
    }
    return new ProjectFiles(files, leftOut);
  }

  private static void collect(Path root, Path folder, Path keyFile, Map<String, Path> files, List<String> leftOut)
      throws KedroVertexAiException {
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
          String relative = relative(root, dir);
          String name = dir.getFileName().toString();
          if (relative.equals(LOCAL_CONF) || relative.startsWith(LOCAL_CONF + "/") || leftOutName(name)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (credentials(name)) {
            leftOut.add(relative + "/");
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          String name = file.getFileName().toString();
          if (!attributes.isRegularFile() || leftOutName(name) || name.endsWith(".pyc") || name.endsWith(".pyo")) {
            return FileVisitResult.CONTINUE;
          }
          if (credentials(name) || file.equals(keyFile)) {
            leftOut.add(relative(root, file));
          } else {
            files.put(relative(root, file), file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Hidden files and folders, and what Python and packaging tools leave behind. */
  private static boolean leftOutName(String name) {
    return name.startsWith(".") || name.equals("__pycache__") || name.endsWith(".egg-info");
  }

  /** Kedro's config loader reads credentials from {@code credentials*} files and folders. */
  private static boolean credentials(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith("credentials");
  }

  private static Path keyFile(Map<String, String> environment) {
    String key = environment.get("GOOGLE_APPLICATION_CREDENTIALS");
    return key == null || key.isBlank() ? null : Path.of(key).toAbsolutePath().normalize();
  }

  private static String relative(Path root, Path path) {
    return root.relativize(path).toString().replace('\\', '/');
  }
}
