package dev.kedrovertexai.core.description;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kedro project's name and package folder, read from {@code [tool.kedro]} of its {@code pyproject.toml}, where
 * Kedro itself reads them: enough for the goals that only need names, so that they start no Python.
 */
public final class ProjectMetadata {
  private static final Pattern TABLE = Pattern.compile("\\s*\\[\\s*([^\\[\\]]+?)\\s*]\\s*(#.*)?");
  /** A string key of a table: {@code key = "basic"} or {@code key = 'literal'}, with an optional comment. */
  private static final String STRING_VALUE = "\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)')\\s*(#.*)?";

  private ProjectMetadata() {}

  public static String projectName(Path projectDir) throws KedroVertexAiException {
    Path pyproject = projectDir.resolve("pyproject.toml");
    Located name = kedroValue(pyproject, "project_name");
    if (name == null) {
      throw new KedroVertexAiException(
          pyproject + " has no project_name under [tool.kedro]: expected a Kedro project's pyproject.toml"
              + " (project_name = \"...\")");
    }
    if (name.value().isBlank()) {
      throw new KedroVertexAiException(pyproject + ":" + name.line() + ": project_name is empty");
    }
    return name.value();
  }

  /**
   * The folder of the project's package, relative to the project: {@code [tool.kedro] source_dir}, else Kedro's
   * default {@code src}.
   */
  public static String sourceDir(Path projectDir) throws KedroVertexAiException {
    Located sourceDir = kedroValue(projectDir.resolve("pyproject.toml"), "source_dir");
    return sourceDir == null || sourceDir.value().isBlank() ? "src" : sourceDir.value();
  }

  private record Located(String value, int line) {}

  /** A string key of {@code [tool.kedro]}, or null when the table has no such key. */
  private static Located kedroValue(Path pyproject, String key) throws KedroVertexAiException {
    List<String> lines;
    try {
      lines = Files.readAllLines(pyproject, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KedroVertexAiException(
          pyproject + " does not exist: vertexai.projectDir must be the Kedro project root");
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + pyproject + ": " + e.getMessage(), e);
    }
    Pattern assignment = Pattern.compile("\\s*" + Pattern.quote(key) + STRING_VALUE);
    String table = "";
    for (int i = 0; i < lines.size(); i++) {
      Matcher header = TABLE.matcher(lines.get(i));
      if (header.matches()) {
        table = header.group(1).replaceAll("\\s+", "");
        continue;
      }
      Matcher value = assignment.matcher(lines.get(i));
      if (table.equals("tool.kedro") && value.matches()) {
        return new Located(value.group(1) != null ? unescape(value.group(1)) : value.group(2), i + 1);
      }
    }
    return null;
  }

  private static String unescape(String basic) {
    return basic.replaceAll("\\\\(.)", "$1");
  }
}
