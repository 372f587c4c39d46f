package dev.kedrovertexai.core.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folders that isolated tasks run in, one per task, as each Vertex AI task runs in its own container. A task's
 * folder gets its own copy of what an image holds of the project ({@code pyproject.toml}, the package under
 * {@code [tool.kedro] source_dir}, {@code conf/}) and of the local files the pipeline only reads. A task writes only
 * into its own folder, so a local file that one task writes and another reads, which on Vertex AI stays in the
 * first task's container, is missing for the second one here too.
 *
 * <p>Files are copied, never linked: a task can write through a symbolic link, and through a hard link too unless
 * the file is read-only to it, which no file is to root.
 */
final class TaskFolders {
  /** Kedro's telemetry consent: a user who declined it did so for every run on this machine. */
  private static final String TELEMETRY_CONSENT = ".telemetry";

  private final Path projectDir;
  private final String sourceDir;
  private final List<String> inputs;

  /**
   * @param sourceDir the package folder, relative to the project
   * @param inputs the local files and folders the pipeline only reads, relative to the project
   */
  TaskFolders(Path projectDir, String sourceDir, List<String> inputs) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.sourceDir = sourceDir;
    this.inputs = List.copyOf(inputs);
  }

  /** Makes a task's folder; returns the files put there, relative to it, {@code /}-separated. */
  Set<String> create(Path taskDir) throws IOException {
    Files.createDirectories(taskDir);
    Set<String> copied = new TreeSet<>();
    for (String file : List.of("pyproject.toml", TELEMETRY_CONSENT)) {
      Path source = projectDir.resolve(file);
      if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
        Files.copy(source, taskDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        copied.add(file);
      }
    }
    for (String folder : new TreeSet<>(List.of(sourceDir, "conf"))) {
      Path source = projectDir.resolve(folder).normalize();
      if (source.startsWith(projectDir) && !source.equals(projectDir)
          && Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
        copyTree(source, taskDir, false, copied);
      }
    }
    for (String input : inputs) {
      copyTree(projectDir.resolve(input), taskDir, true, copied);
    }
    return copied;
  }

  /**
   * Copies a file or a folder to the same place under {@code taskDir}. The project's sources are taken as an image
   * takes them, without links, hidden files or what Python and packaging tools leave behind; input data is taken
   * whole, its links followed.
   */
  private void copyTree(Path source, Path taskDir, boolean data, Set<String> copied) throws IOException {
    Set<FileVisitOption> options = data ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
    Files.walkFileTree(source, options, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
        if (!data && !dir.equals(source) && leftOut(dir)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.createDirectories(target(dir));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        if (attributes.isRegularFile() && (data || !leftOut(file))) {
          // An input may be a single file, whose folder no visit made.
          Files.createDirectories(target(file).getParent());
          Files.copy(file, target(file), StandardCopyOption.REPLACE_EXISTING);
          copied.add(relative(file));
        }
        return FileVisitResult.CONTINUE;
      }

      private Path target(Path path) {
        return taskDir.resolve(relative(path));
      }
    });
  }

  private String relative(Path path) {
    return projectDir.relativize(path).toString().replace('\\', '/');
  }

  /** Hidden files and folders, and what Python and packaging tools leave behind, are not sources. */
  private static boolean leftOut(Path path) {
    String name = path.getFileName().toString();
    return name.startsWith(".") || name.equals("__pycache__") || name.endsWith(".egg-info") || name.endsWith(".pyc")
        || name.endsWith(".pyo");
  }

  /**
   * Gathers what the tasks wrote into their folders (every file but those {@link #create} put there and Python's
   * bytecode caches) into {@code outputsDir}, at the same paths, as hard links where the file system allows. When
   * several tasks wrote the same path, the task that ended last wins, as it would have in a shared folder.
   *
   * @param taskDirs the tasks' folders by task, in the order the tasks ended
   * @param copied what {@link #create} put into every folder
   * @return the paths several tasks wrote, with those tasks in order
   */
  static Map<String, List<String>> gatherOutputs(
      Map<String, Path> taskDirs, Set<String> copied, Path outputsDir) throws IOException {
    Map<String, List<String>> writers = new TreeMap<>();
    for (Map.Entry<String, Path> task : taskDirs.entrySet()) {
      Path taskDir = task.getValue();
      if (!Files.isDirectory(taskDir)) {
        continue;
      }
      List<Path> written = new ArrayList<>();
      Files.walkFileTree(taskDir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
          return dir.getFileName().toString().equals("__pycache__") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile() && !copied.contains(taskDir.relativize(file).toString().replace('\\', '/'))) {
            written.add(file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
      for (Path file : written) {
        String relative = taskDir.relativize(file).toString().replace('\\', '/');
        writers.computeIfAbsent(relative, path -> new ArrayList<>()).add(task.getKey());
        Path target = outputsDir.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        link(file, target);
      }
    }
    Map<String, List<String>> several = new LinkedHashMap<>();
    writers.forEach((path, tasks) -> {
      if (tasks.size() > 1) {
        several.put(path, List.copyOf(tasks));
      }
    });
    return several;
  }

  /**
   * The local files that a task's output names inside its own folder, that are not there, and that another task
   * wrote into its folder: files the task needed from another task, which isolated (and on Vertex AI) it never got.
   * A file is named by its absolute path (as Kedro's datasets name theirs), or relative to the task's folder, its
   * working directory, in Python's "No such file or directory" (as a node's own {@code open} names it).
   *
   * @return each such file, relative to the folders, with the task that wrote it
   */
  static Map<String, String> missingFromOtherTasks(
      Path taskDir, List<String> lines, Map<String, Path> otherTaskDirs) {
    Pattern named = Pattern.compile(Pattern.quote(taskDir + File.separator) + "([^\\s'\"(),\\[\\]]+)");
    Pattern relative = Pattern.compile("No such file or directory: '([^']+)'");
    Map<String, String> missing = new TreeMap<>();
    for (String line : lines) {
      List<String> files = new ArrayList<>();
      Matcher file = named.matcher(line);
      while (file.find()) {
        files.add(file.group(1).replaceAll("[.:;]+$", ""));
      }
      Matcher opened = relative.matcher(line);
      while (opened.find()) {
        if (!Path.of(opened.group(1)).isAbsolute()) {
          files.add(opened.group(1));
        }
      }
      for (String name : files) {
        String path = taskDir.relativize(taskDir.resolve(name).normalize()).toString();
        if (path.startsWith("..") || missing.containsKey(path) || Files.exists(taskDir.resolve(path))) {
          continue;
        }
        otherTaskDirs.entrySet().stream()
            .filter(other -> !other.getValue().equals(taskDir) && Files.exists(other.getValue().resolve(path)))
            .findFirst()
            .ifPresent(other -> missing.put(path.replace('\\', '/'), other.getKey()));
      }
    }
    return missing;
  }

  private static void link(Path file, Path target) throws IOException {
    try {
      Files.createLink(target, file);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      // Another file system, or one without hard links.
      Files.copy(file, target);
    }
  }
}
