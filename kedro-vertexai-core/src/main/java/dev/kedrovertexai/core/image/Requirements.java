package dev.kedrovertexai.core.image;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's Python requirements, which the dependency layer installs: {@code requirements.txt} in the
 * project root when there is one (the file Kedro's starters keep them in), else {@code [project] dependencies} of
 * {@code pyproject.toml}.
 *
 * @param source where they come from, for the log
 * @param file the requirements file pip reads, or null when they come from {@code pyproject.toml} (the installer
 *     then writes one)
 * @param lines the requirement lines of {@code pyproject.toml}; for a file, its lines without comments or blanks
 * @param fingerprint everything that decides what pip installs: the text of the file and of every file it
 *     includes ({@code -r}, {@code -c}), or the dependency list
 */
record Requirements(String source, Path file, List<String> lines, String fingerprint) {
  static final String REQUIREMENTS_TXT = "requirements.txt";

  private static final Pattern INCLUDE =
      Pattern.compile("^\\s*(?:-r|-c|--requirement|--constraint)(?:\\s+|=)(\\S+)");
  private static final Pattern EDITABLE = Pattern.compile("^\\s*(?:-e|--editable)(?:\\s|=|$)");

  Requirements {
    lines = List.copyOf(lines);
  }

  /** No requirements at all: the image gets no dependency layer. */
  boolean isEmpty() {
    return lines.isEmpty();
  }

  /** The number of requirements, options and includes not counted. */
  long count() {
    return lines.stream().filter(line -> !line.startsWith("-")).count();
  }

  static Requirements of(Path projectDir, PyProject pyproject) throws KedroVertexAiException {
    Path file = projectDir.resolve(REQUIREMENTS_TXT);
    if (Files.isRegularFile(file)) {
      StringBuilder fingerprint = new StringBuilder();
      List<String> lines = new ArrayList<>();
      read(file, projectDir, new LinkedHashSet<>(), fingerprint, lines);
      return new Requirements(REQUIREMENTS_TXT, file, lines, fingerprint.toString());
    }
    Optional<List<String>> dependencies = pyproject.dependencies();
    if (dependencies.isEmpty() && pyproject.dynamicDependencies()) {
      throw new KedroVertexAiException(
          projectDir.resolve(PyProject.FILE) + " declares its [project] dependencies dynamic, so they are not in the"
              + " file: list them in " + file + " for the image's dependency layer");
    }
    List<String> lines = dependencies.orElse(List.of()).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return new Requirements(
        PyProject.FILE + " [project] dependencies", null, lines, String.join("\n", lines) + "\n");
  }

  private static void read(Path file, Path projectDir, Set<Path> seen, StringBuilder fingerprint, List<String> lines)
      throws KedroVertexAiException {
    Path normalized = file.toAbsolutePath().normalize();
    if (!seen.add(normalized)) {
      return;
    }
    List<String> text;
    try {
      text = Files.readAllLines(normalized);
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + normalized + ": " + e.getMessage(), e);
    }
    fingerprint.append("# ").append(projectDir.toAbsolutePath().normalize().relativize(normalized)).append('\n');
    for (int i = 0; i < text.size(); i++) {
      String line = text.get(i).replaceFirst("(^|\\s)#.*$", "").strip();
      fingerprint.append(text.get(i)).append('\n');
      if (line.isEmpty()) {
        continue;
      }
      if (EDITABLE.matcher(line).find()) {
        throw new KedroVertexAiException(
            normalized + ":" + (i + 1) + ": '" + line + "' installs a project from its sources; the dependency layer"
                + " holds only published packages (the project itself is in the project layer): remove the line");
      }
      Matcher include = INCLUDE.matcher(line);
      if (include.find()) {
        Path included = normalized.getParent().resolve(include.group(1));
        if (!Files.isRegularFile(included)) {
          throw new KedroVertexAiException(
              normalized + ":" + (i + 1) + ": the included file " + included + " does not exist");
        }
        read(included, projectDir, seen, fingerprint, lines);
        continue;
      }
      lines.add(line);
    }
  }
}
